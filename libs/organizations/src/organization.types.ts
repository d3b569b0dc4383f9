/*
 * The shapes the organizations service takes and returns. Inputs are camelCase versions of the
 * original's dicts (`short_name` → shortName, `logo` → logoUrl); results are the entities.
 */

/** What `add` and `bulkAdd` accept. `name` is required by `add`; bulk items default it to shortName. */
export interface OrganizationInput {
  readonly shortName: string;
  readonly name?: string;
  readonly description?: string | null;
  readonly logoUrl?: string | null;
}

/** What `update` may change; fields left out stay as they are. */
export interface OrganizationChanges {
  readonly shortName?: string;
  readonly name?: string;
  readonly description?: string | null;
  readonly logoUrl?: string | null;
}

export interface BulkOptions {
  /** Compute the result without writing anything. */
  readonly dryRun?: boolean;
  /**
   * Create new rows active and reactivate inactive ones (default); false creates them inactive and reactivates nothing.
   */
  readonly activate?: boolean;
  /** Who asked, for the cross-organization audit (defaults to the context's principal, else `system`). */
  readonly actor?: string;
}

export type BulkCourseOptions = BulkOptions;

export interface BulkAddResult {
  /** Short names as supplied, in first-seen order. */
  readonly created: string[];
  /** Short names as stored, in first-seen order; always empty when `activate` is false. */
  readonly reactivated: string[];
}

/** One organization–course pair of a bulk request. */
export interface OrganizationCoursePair {
  readonly shortName: string;
  readonly courseKey: string;
}

/** A linkage as the original reports it: lower-cased short_name and the course id string. */
export type OrganizationCourseKey = readonly [shortName: string, courseId: string];

export interface BulkAddCoursesResult {
  readonly created: OrganizationCourseKey[];
  readonly reactivated: OrganizationCourseKey[];
}

/** What `addCourse` did to the link. */
export type CourseLinkOutcome = 'created' | 'reactivated' | 'unchanged';
