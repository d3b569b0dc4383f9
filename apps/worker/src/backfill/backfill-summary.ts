import type { BackfillResult } from '@mtl/backfill';
import type { BackfillJobSummary } from '@mtl/queue';

const KEEP = 20;

/** A chunk's result as a job summary, line numbers shifted to the chunk's place in the job. */
export function summaryOf(result: BackfillResult, lineOffset: number): BackfillJobSummary {
  return {
    applied: result.applied,
    inactive: result.inactive,
    lines: result.lines,
    courses: result.courses,
    libraries: result.libraries,
    skippedV2Libraries: result.skippedV2Libraries,
    invalid: {
      count: result.invalid.count,
      first: result.invalid.first.map((i) => ({ ...i, line: i.line + lineOffset })),
    },
    badShortNames: {
      count: result.badShortNames.count,
      first: result.badShortNames.first.map((b) => ({ ...b, line: b.line + lineOffset })),
    },
    organizations: {
      created: result.organizations.created.count,
      reactivated: result.organizations.reactivated.count,
      createdFirst: result.organizations.created.first,
    },
    links: {
      created: result.links.created.count,
      reactivated: result.links.reactivated.count,
      createdFirst: result.links.created.first,
    },
  };
}

/** Two summaries added up (chunks of one job). */
export function addSummaries(a: BackfillJobSummary | null, b: BackfillJobSummary): BackfillJobSummary {
  if (!a) return b;
  const first = <T>(x: T[], y: T[]) => [...x, ...y].slice(0, KEEP);
  return {
    applied: b.applied,
    inactive: b.inactive,
    lines: a.lines + b.lines,
    courses: a.courses + b.courses,
    libraries: a.libraries + b.libraries,
    skippedV2Libraries: a.skippedV2Libraries + b.skippedV2Libraries,
    invalid: { count: a.invalid.count + b.invalid.count, first: first(a.invalid.first, b.invalid.first) },
    badShortNames: {
      count: a.badShortNames.count + b.badShortNames.count,
      first: first(a.badShortNames.first, b.badShortNames.first),
    },
    organizations: {
      created: a.organizations.created + b.organizations.created,
      reactivated: a.organizations.reactivated + b.organizations.reactivated,
      createdFirst: first(a.organizations.createdFirst, b.organizations.createdFirst),
    },
    links: {
      created: a.links.created + b.links.created,
      reactivated: a.links.reactivated + b.links.reactivated,
      createdFirst: first(a.links.createdFirst, b.links.createdFirst),
    },
  };
}
