import { DEMO_OPERATOR, DEMO_PASSWORDS } from './demo-data';
import type { DemoSummary, SeededAccount } from './demo-seeder';

export interface DemoReportOptions {
  studioPort: number;
  lmsPort: number;
}

/** What `seed:demo` prints: the organizations, every account with its password, curl lines to try. */
export function formatDemoReport(summary: DemoSummary, options: DemoReportOptions): string {
  const studio = `http://localhost:${options.studioPort}`;
  const lines: string[] = [];
  const table = (rows: string[][]) => {
    const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
    for (const row of rows)
      lines.push(`  ${row.map((cell, column) => cell.padEnd(widths[column])).join('  ')}`.trimEnd());
  };

  lines.push('Demo data (idempotent: what exists is left as it is, passwords included)', '', 'Organizations');
  table(summary.organizations.map((o) => [o.shortName, o.name, `id=${o.id}`, o.outcome]));
  lines.push('', 'Sites (the LMS picks the site from the Host header; *.localhost resolves to 127.0.0.1)');
  table(
    summary.sites.map((site) => [
      `http://${site.domain}:${options.lmsPort}`,
      site.organization ?? '(main site)',
      site.outcome,
    ]),
  );
  lines.push('', 'Courses (Studio: every one; the LMS catalog: the published ones with visibility both)');
  table(
    summary.courses.map((c) => [
      c.courseKey,
      c.catalogVisibility,
      c.published ? 'published' : 'unpublished',
      c.outcome,
    ]),
  );
  lines.push('', 'Accounts (demo passwords; an account that existed before keeps its own)');
  table([['email', 'password', 'organization', 'role', 'state'], ...summary.accounts.map(accountRow)]);

  lines.push('', 'Try the LMS:');
  for (const site of summary.sites) lines.push(`  curl -s http://${site.domain}:${options.lmsPort}/api/site`);
  lines.push(...catalogLines(summary, options.lmsPort));

  const author = summary.accounts.find((a) => a.role === 'author' && a.organization !== null);
  lines.push('', `Try Studio (${studio}):`);
  if (author) {
    const body = JSON.stringify({ email: author.email, password: author.password, organization: author.organization });
    const newCourse = { org: author.organization, number: 'NEW101', run: '2026_T3', display_name: 'My new course' };
    lines.push(
      `  TOKEN=$(curl -s -X POST ${studio}/api/auth/login -H 'content-type: application/json' \\`,
      `    -d '${body}' | sed -E 's/.*"access_token":"([^"]+)".*/\\1/')`,
      `  curl -s ${studio}/api/me -H "authorization: Bearer $TOKEN"`,
      `  curl -s -X POST ${studio}/api/courses -H "authorization: Bearer $TOKEN" -H ` +
        `'content-type: application/json' \\`,
      `    -d '${JSON.stringify(newCourse)}'`,
      `  curl -s ${studio}/api/courses -H "authorization: Bearer $TOKEN"`,
    );
  }
  const operatorBody = JSON.stringify({ email: DEMO_OPERATOR.email, password: DEMO_PASSWORDS.operator });
  lines.push(`  curl -s -X POST ${studio}/api/auth/login -H 'content-type: application/json' -d '${operatorBody}'`);
  return `${lines.join('\n')}\n`;
}

/** Two sites' different catalogs, then a learner's enrollment on the first tenant site. */
function catalogLines(summary: DemoSummary, lmsPort: number): string[] {
  const tenantSites = summary.sites.filter((site) => site.organization !== null);
  const lines = ['', 'Each site lists its own catalog:'];
  for (const site of tenantSites) lines.push(`  curl -s http://${site.domain}:${lmsPort}/api/courses`);
  const enrollment = summary.enrollments.find((e) => e.course !== null);
  if (summary.enrollments.length > 0) {
    lines.push('', 'Enrollments (demo learners)');
    for (const e of summary.enrollments)
      lines.push(`  ${e.learner}  ${e.course ?? '(no listed course yet)'}  ${e.outcome}`);
  }
  const learner = summary.accounts.find((a) => a.role === 'learner' && a.organization === enrollment?.organization);
  if (!enrollment || !learner) return lines;
  const lms = `http://${enrollment.site}:${lmsPort}`;
  const key = encodeURIComponent(enrollment.course!);
  lines.push(
    '',
    `A learner's enrollments on ${enrollment.site} (sign in on the site, list, leave, enroll again):`,
    `  TOKEN=$(curl -s -X POST ${lms}/api/auth/login -H 'content-type: application/json' \\`,
    `    -d '${JSON.stringify({ email: learner.email, password: learner.password })}' | sed -E ` +
      `'s/.*"access_token":"([^"]+)".*/\\1/')`,
    `  curl -s ${lms}/api/enrollments -H "authorization: Bearer $TOKEN"`,
    `  curl -s -X DELETE ${lms}/api/enrollments/${key} -H "authorization: Bearer $TOKEN"`,
    `  curl -s -X POST ${lms}/api/enrollments -H "authorization: Bearer $TOKEN" -H ` +
      `'content-type: application/json' -d '${JSON.stringify({ course_key: enrollment.course })}'`,
  );
  return lines;
}

function accountRow(account: SeededAccount): string[] {
  const state = [account.outcome, ...(account.active ? [] : ['inactive'])].join(', ');
  return [account.email, account.password, account.organization ?? '-', account.role, state];
}
