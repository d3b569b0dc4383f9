import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DATABASE_APP_ROLE, DATABASE_CROSS_ORG_ROLE, type DatabaseSettings } from '@mtl/config';
import { dataSourceOptions } from './data-source-options';
import { restrictDatabasePrivileges } from '@mtl/migrations';

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
    await restrictDatabasePrivileges(runner);
    return applied.map((migration) => migration.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
}

/**
 * Outside production, gives the two login roles the passwords of their URLs (the checkout's
 * generated ones, .data/secrets/), so that a server with password authentication (the embedded
 * one) lets them in. Roles belong to the whole server: on a server shared by several checkouts
 * with password authentication, configure the same passwords in each. In production the
 * database administrator owns the roles' credentials and nothing is changed here.
 */
export async function provisionLoginPasswords(owner: DataSource, db: DatabaseSettings, nodeEnv: string): Promise<void> {
  if (nodeEnv === 'production') return;
  const [me] = await owner.query<{ allowed: boolean }[]>(
    `SELECT rolsuper OR rolcreaterole AS allowed FROM pg_roles WHERE rolname = current_user`,
  );
  if (!me?.allowed) return;
  for (const [role, url] of [
    [DATABASE_APP_ROLE, db.DATABASE_APP_URL],
    [DATABASE_CROSS_ORG_ROLE, db.DATABASE_CROSS_ORG_URL],
  ] as const) {
    const parsed = new URL(url);
    if (decodeURIComponent(parsed.username) !== role || !parsed.password) continue;
    const password = decodeURIComponent(parsed.password).replace(/'/g, "''");
    await owner.query(`ALTER ROLE ${role} PASSWORD '${password}'`);
  }
}

/**
 * Migrates as the owner (DATABASE_URL) on a connection of its own, closed afterwards: the apps'
 * pools log in as roles that may not change the schema. Returns the names applied.
 */
export async function migrateAsOwner(
  db: DatabaseSettings,
  nodeEnv: string,
  applicationName = 'mtl-migrate',
): Promise<string[]> {
  const owner = await new DataSource(dataSourceOptions(db, applicationName, 'owner')).initialize();
  try {
    const applied = await runMigrationsLocked(owner);
    await provisionLoginPasswords(owner, db, nodeEnv);
    return applied;
  } catch (error) {
    new Logger('Migrations').error({ err: error }, 'migrating as the owner failed');
    throw error;
  } finally {
    await owner.destroy();
  }
}
