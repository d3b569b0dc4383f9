/** Types of services.mjs, for the TypeScript scripts (benchmarks) that use it. */
export declare const ROOT: string;
export interface PostgresHandle {
  url: string;
  embedded: boolean;
  stop: () => Promise<void>;
}
export declare function ensurePostgres(options?: {
  log?: (line: string) => void;
  dataDir?: string;
}): Promise<PostgresHandle>;
export declare function ensureRedis(options?: {
  log?: (line: string) => void;
}): Promise<{ url: string; stop: () => Promise<void> }>;
export declare function withDatabase(url: string, database: string): string;
export declare function ensureDatabase(adminUrl: string, name: string): Promise<void>;
export declare function freePort(): Promise<number>;
