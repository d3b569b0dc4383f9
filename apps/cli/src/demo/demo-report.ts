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
    for (const row of rows) lines.push(`  ${row.map((cell, column) => cell.padEnd(widths[column])).join('  ')}`.trimEnd());
  };

  lines.push('Demo data (idempotent: what exists is left as it is, passwords included)', '', 'Organizations');
  table(summary.organizations.map((o) => [o.shortName, o.name, `id=${o.id}`, o.outcome]));
  lines.push('', 'Sites (the LMS picks the site from the Host header; *.localhost resolves to 127.0.0.1)');
  table(summary.sites.map((site) => [`http://${site.domain}:${options.lmsPort}`, site.organization ?? '(main site)', site.outcome]));
  lines.push('', 'Courses (Studio: every one; the LMS catalog: the published ones with visibility both)');
  table(summary.courses.map((c) => [c.courseKey, c.catalogVisibility, c.published ? 'published' : 'unpublished', c.outcome]));
  lines.push('', 'Accounts (demo passwords; an account that existed before keeps its own)');
  table([['email', 'password', 'organization', 'role', 'state'], ...summary.accounts.map(accountRow)]);

  lines.push('', 'Try the LMS:');
  for (const site of summary.sites) lines.push(`  curl -s http://${site.domain}:${options.lmsPort}/api/site`);

  const author = summary.accounts.find((a) => a.role === 'author' && a.organization !== null);
  lines.push('', `Try Studio (${studio}):`);
  if (author) {
    const body = JSON.stringify({ email: author.email, password: author.password, organization: author.organization });
    lines.push(
      `  TOKEN=$(curl -s -X POST ${studio}/api/auth/login -H 'content-type: application/json' \\`,
      `    -d '${body}' | sed -E 's/.*"access_token":"([^"]+)".*/\\1/')`,
      `  curl -s ${studio}/api/me -H "authorization: Bearer $TOKEN"`,
      `  curl -s -X POST ${studio}/api/courses -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \\`,
      `    -d '${JSON.stringify({ org: author.organization, number: 'NEW101', run: '2026_T3', display_name: 'My new course' })}'`,
      `  curl -s ${studio}/api/courses -H "authorization: Bearer $TOKEN"`,
    );
  }
  const operatorBody = JSON.stringify({ email: DEMO_OPERATOR.email, password: DEMO_PASSWORDS.operator });
  lines.push(`  curl -s -X POST ${studio}/api/auth/login -H 'content-type: application/json' -d '${operatorBody}'`);
  return `${lines.join('\n')}\n`;
}

function accountRow(account: SeededAccount): string[] {
  const state = [account.outcome, ...(account.active ? [] : ['inactive'])].join(', ');
  return [account.email, account.password, account.organization ?? '-', account.role, state];
}
