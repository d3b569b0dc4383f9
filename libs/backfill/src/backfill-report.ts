import type { BackfillResult, CountedList } from './backfill.types';

/** The original's separator line (B-BACKFILL-5). */
export const REPORT_SEPARATOR = '------------------------------------------------------';

/**
 * The report of `backfill_orgs_and_org_courses` (B-BACKFILL-5), with long lists cut to their
 * first entries and `… and N more`, followed by the key counts and the invalid keys and bad
 * short names with their line numbers. One string, lines ending in `\n`.
 */
export function formatBackfillReport(result: BackfillResult): string {
  const dry = !result.applied;
  const out: string[] = [];
  const block = (what: string, lists: { created: CountedList; reactivated: CountedList }) => {
    out.push(REPORT_SEPARATOR, `${dry ? 'Dry-run of bulk-adding' : 'Bulk-adding'} ${what}...`);
    list(out, `${dry ? 'Will create' : 'Created'} ${lists.created.count} ${what}:`, lists.created);
    list(out, `${dry ? 'Will reactivate' : 'Reactivated'} ${lists.reactivated.count} ${what}:`, lists.reactivated);
  };
  block('organizations', result.organizations);
  block('organization-course linkages', result.links);
  out.push(REPORT_SEPARATOR);
  out.push(
    `Read ${result.lines} lines: ${result.courses} course keys, ${result.libraries} library keys, ` +
      `${result.skippedV2Libraries} v2 library keys ignored, ${result.invalid.count} invalid keys, ` +
      `${result.badShortNames.count} keys skipped for an organization short name that breaks the rules.`,
  );
  if (result.invalid.count > 0) {
    out.push(
      `${result.invalid.count} invalid ` +
        `keys${more(result.invalid.count, result.invalid.first.length, ' (first ', ')')}:`,
    );
    for (const entry of result.invalid.first) {
      out.push(`    line ${entry.line}: ${JSON.stringify(entry.key)}${entry.reason ? ` (${entry.reason})` : ''}`);
    }
  }
  if (result.badShortNames.count > 0) {
    out.push(
      `${result.badShortNames.count} keys of ${result.badShortNames.organizations} ` +
        `organizations skipped: a short name may contain only ` +
        (`A-Z a-z 0-9 . _ - (at most ` +
          `255)${more(result.badShortNames.count, result.badShortNames.first.length, ' (first ', ')')}:`),
    );
    for (const entry of result.badShortNames.first)
      out.push(`    line ${entry.line}: ${JSON.stringify(entry.key)} (org ${JSON.stringify(entry.org)})`);
  }
  if (dry) out.push('No changes applied.');
  return out.join('\n') + '\n';
}

function list(out: string[], title: string, entries: CountedList): void {
  out.push(title);
  for (const entry of entries.first) out.push(`    ${entry}`);
  if (entries.count > entries.first.length) out.push(`    … and ${entries.count - entries.first.length} more`);
}

function more(count: number, shown: number, before: string, after: string): string {
  return count > shown ? `${before}${shown}${after}` : '';
}
