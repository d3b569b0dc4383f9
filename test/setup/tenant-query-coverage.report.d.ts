/** Types of tenant-query-coverage.report.js (CommonJS, loaded by the ESM global teardown too). */
export const EXEMPT_STATEMENTS: Record<string, string>;
export function integrationTestFiles(root: string): string[];
export interface QueryCoverageReport {
  enforced: boolean;
  seen: number;
  covered: number;
  exempt: number;
  uncovered: { statement: string; tables: string[]; files: string[] }[];
}
export function queryCoverageReport(options: {
  directory: string;
  root: string;
  narrowed: boolean;
  log?: (line: string) => void;
}): QueryCoverageReport;
