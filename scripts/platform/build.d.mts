/** Types of build.mjs, for the TypeScript scripts (benchmarks) that use it. */
export declare const APPS: string[];
export declare function builtMain(app: string): string;
export declare function buildIsCurrent(): boolean;
export declare function buildIfNeeded(options?: { force?: boolean; log?: (line: string) => void }): boolean;
