/** The key's namespace as the reference names it (`slash` and `i4x` for the deprecated forms). */
export type KeyKind =
  | 'course-v1'
  | 'slash'
  | 'library-v1'
  | 'lib'
  | 'ccx-v1'
  | 'block-v1'
  | 'i4x'
  | 'lib-block-v1'
  | 'lb'
  | 'ccx-block-v1'
  | 'location'
  | 'aside-usage-v1'
  | 'aside-usage-v2';

/**
 * Fields every parsed key has; those that do not apply to a kind are null. For usage keys,
 * org/course/run/branch/versionGuid are those of the course or library the block is in.
 * For `library-v1` keys, `course` holds the library name (the reference's deprecated alias).
 */
interface KeyShape {
  readonly kind: KeyKind;
  readonly org: string | null;
  readonly course: string | null;
  readonly run: string | null;
  readonly branch: string | null;
  /** 24 lowercase hex digits (CCX keys accept upper case and are lowered, as the reference). */
  readonly versionGuid: string | null;
  /** CCX id, digits as written (leading zeros kept). */
  readonly ccx: string | null;
  /** `lib:`/`lb:` library slug. */
  readonly slug: string | null;
  readonly blockType: string | null;
  readonly blockId: string | null;
  /** Aside keys: the aside's type (any string, even empty). */
  readonly asideType: string | null;
  /** True for the deprecated serialisations (`org/course/run`, `i4x://...`). */
  readonly deprecated: boolean;
  /** The canonical string, exactly as the reference's `str(key)`. */
  toString(): string;
}

export interface CourseLocatorKey extends KeyShape {
  readonly kind: 'course-v1';
  readonly deprecated: false;
}
export interface SlashCourseKey extends KeyShape {
  readonly kind: 'slash';
  readonly org: string;
  readonly course: string;
  /** May be the empty string: `org/course/` is valid. */
  readonly run: string;
  readonly deprecated: true;
}
export interface LibraryLocatorKey extends KeyShape {
  readonly kind: 'library-v1';
  readonly run: null;
  readonly deprecated: false;
}
export interface LibraryV2Key extends KeyShape {
  readonly kind: 'lib';
  readonly org: string;
  readonly slug: string;
  readonly deprecated: false;
}
export interface CcxLocatorKey extends KeyShape {
  readonly kind: 'ccx-v1';
  readonly ccx: string;
  readonly deprecated: false;
}
export interface BlockUsageKey extends KeyShape {
  readonly kind: 'block-v1' | 'ccx-block-v1' | 'location';
  /** The reference prints a missing block type of a block-v1 key as `None`; here it is null. */
  readonly blockId: string;
  readonly deprecated: false;
}
export interface DeprecatedUsageKey extends KeyShape {
  readonly kind: 'i4x';
  readonly org: string;
  readonly course: string;
  readonly run: null;
  readonly blockType: string;
  readonly blockId: string;
  readonly deprecated: true;
}
export interface LibraryUsageKey extends KeyShape {
  readonly kind: 'lib-block-v1';
  readonly blockType: string;
  readonly blockId: string;
  readonly deprecated: false;
}
export interface LibraryV2UsageKey extends KeyShape {
  readonly kind: 'lb';
  readonly org: string;
  readonly slug: string;
  readonly blockType: string;
  readonly blockId: string;
  readonly deprecated: false;
}
export interface AsideUsageKey extends KeyShape {
  readonly kind: 'aside-usage-v1' | 'aside-usage-v2';
  readonly asideType: string;
  readonly deprecated: false;
}

/** What `CourseKey.from_string` accepts. */
export type CourseKey = CourseLocatorKey | SlashCourseKey | LibraryLocatorKey | CcxLocatorKey;
/** What `LearningContextKey.from_string` accepts: course keys and v2 libraries. */
export type LearningContextKey = CourseKey | LibraryV2Key;
/** What `UsageKey.from_string` accepts. */
export type UsageKey = BlockUsageKey | DeprecatedUsageKey | LibraryUsageKey | LibraryV2UsageKey | AsideUsageKey;
export type OpaqueKey = LearningContextKey | UsageKey;
