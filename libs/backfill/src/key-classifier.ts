import { tryParseCourseKey, tryParseLearningContextKey } from '@mtl/course-keys';
import { isValidShortName } from '@mtl/organizations';
import type { BadShortNameLine, InvalidKeyLine } from './backfill.types';

/** `organization_courses.course_id` is varchar(255): a longer id cannot be linked. */
const COURSE_ID_MAX_LENGTH = 255;
/** Characters COPY's text format would read as escapes or separators. */
const COPY_SPECIAL = /[\\\t\n\r]/;

interface OrgSlug {
  lower: string;
  valid: boolean;
}

/**
 * Sorts key lines into what the backfill needs, in constant memory apart from the distinct
 * organizations: course keys become `org_lower<TAB>course_id` rows of COPY's text format
 * (handed to `emit`), library-v1 keys only name an organization, `lib:` keys are counted and
 * ignored, anything else is invalid (counted, the first few kept with their line numbers).
 */
export class KeyClassifier {
  lines = 0;
  courses = 0;
  libraries = 0;
  skippedV2Libraries = 0;
  invalidCount = 0;
  readonly invalidFirst: InvalidKeyLine[] = [];
  badShortNameCount = 0;
  readonly badShortNameFirst: BadShortNameLine[] = [];
  readonly badShortNameOrgs = new Set<string>();
  /** Every org slug seen, exactly as written, with its verdict (a few thousand on a real instance). */
  private readonly slugs = new Map<string, OrgSlug>();
  /**
   * lower-cased short name → the spelling to create it with: the first in sorted order, as the original (B-ORGAPI-5 on
   * a sorted list).
   */
  readonly organizations = new Map<string, string>();

  constructor(
    private readonly emit: (row: string) => void,
    private readonly problemLimit: number,
  ) {}

  /** One line of the source, without its line break. */
  add(raw: string): void {
    const lineNo = ++this.lines;
    // A file written on Windows ends its lines with CRLF: the CR belongs to the line break.
    const line = raw.length > 0 && raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw;
    const key = tryParseCourseKey(line);
    if (key === null) {
      if (line.startsWith('lib:') && tryParseLearningContextKey(line)?.kind === 'lib') this.skippedV2Libraries++;
      else this.invalid(lineNo, line);
      return;
    }
    const org = key.org;
    if (org === null) {
      this.invalid(lineNo, line, 'has no organization');
      return;
    }
    const slug = this.slug(org);
    if (!slug.valid) {
      this.badShortNameCount++;
      this.badShortNameOrgs.add(org);
      if (this.badShortNameFirst.length < this.problemLimit)
        this.badShortNameFirst.push({ line: lineNo, key: line, org });
      return;
    }
    if (key.kind === 'library-v1') {
      this.libraries++;
      this.organization(slug.lower, org);
      return;
    }
    const courseId = key.toString();
    if (courseId.length > COURSE_ID_MAX_LENGTH) {
      this.invalid(lineNo, line, `course id longer than ${COURSE_ID_MAX_LENGTH} characters`);
      return;
    }
    this.courses++;
    this.organization(slug.lower, org);
    this.emit(`${slug.lower}\t${COPY_SPECIAL.test(courseId) ? copyEscape(courseId) : courseId}\n`);
  }

  private slug(org: string): OrgSlug {
    let slug = this.slugs.get(org);
    if (slug === undefined) {
      slug = { lower: org.toLowerCase(), valid: isValidShortName(org) };
      this.slugs.set(org, slug);
    }
    return slug;
  }

  private organization(lower: string, org: string): void {
    const spelling = this.organizations.get(lower);
    if (spelling === undefined || org < spelling) this.organizations.set(lower, org);
  }

  private invalid(line: number, key: string, reason?: string): void {
    this.invalidCount++;
    if (this.invalidFirst.length < this.problemLimit)
      this.invalidFirst.push(reason ? { line, key, reason } : { line, key });
  }
}

function copyEscape(value: string): string {
  return value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}
