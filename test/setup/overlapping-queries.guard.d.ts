/** Types of overlapping-queries.guard.js (plain JS so that child processes can preload it). */
export function isOverlappingQueryWarning(warning: unknown): boolean;
export const GUARD_PATH: string;
export const OVERLAP_EXIT_CODE: number;
