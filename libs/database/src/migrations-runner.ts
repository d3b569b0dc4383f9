import type { DataSource } from 'typeorm';

/**
 * Key of the PostgreSQL advisory lock held while migrating, so that instances starting together
 * migrate once: the first applies, the others wait and then find nothing pending.
 */
export const MIGRATION_LOCK_KEY = 4_711_200_001;

/** Applies pending migrations under the advisory lock; returns the names applied. */
export async function runMigrationsLocked(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
}
