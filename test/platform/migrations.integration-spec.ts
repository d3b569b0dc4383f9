import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { loadConcern, DatabaseConfig } from '@mtl/config';
import { dataSourceOptions, runMigrationsLocked } from '@mtl/database';
import { MIGRATIONS } from '@mtl/migrations';

/** A database of our own with no migrations applied, to watch instances race for the lock. */
async function withEmptyDatabase(run: (url: string) => Promise<void>): Promise<void> {
  const admin = new Client({ connectionString: process.env.MTL_TEST_ADMIN_URL });
  await admin.connect();
  const name = `${process.env.REDIS_KEY_PREFIX}_empty`;
  await admin.query(`CREATE DATABASE "${name}"`);
  try {
    const url = new URL(process.env.MTL_TEST_ADMIN_URL!);
    url.pathname = `/${name}`;
    await run(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

describe('migrations', () => {
  it('are listed explicitly and named <epoch-ms>-<PascalName>', () => {
    expect(MIGRATIONS.length).toBeGreaterThan(0);
    for (const migration of MIGRATIONS) expect(migration.name).toMatch(/^[A-Z][A-Za-z0-9]+\d{13}$/);
  });

  it('apply once when several instances start together', async () => {
    await withEmptyDatabase(async (url) => {
      const db = loadConcern(DatabaseConfig, { ...process.env, DATABASE_URL: url });
      const instances = [1, 2, 3].map((i) => new DataSource(dataSourceOptions(db, `race-${i}`)));
      await Promise.all(instances.map((ds) => ds.initialize()));
      try {
        const applied = await Promise.all(instances.map((ds) => runMigrationsLocked(ds)));
        expect(applied.flat()).toHaveLength(MIGRATIONS.length);
        const rows = await instances[0].query('SELECT name FROM schema_migrations');
        expect(rows).toHaveLength(MIGRATIONS.length);
      } finally {
        await Promise.all(instances.map((ds) => ds.destroy()));
      }
    });
  });

  it('leave the template fully migrated with nothing pending', async () => {
    const db = loadConcern(DatabaseConfig, process.env);
    const ds = await new DataSource(dataSourceOptions(db, 'pending-check')).initialize();
    try {
      expect(await ds.showMigrations()).toBe(false);
    } finally {
      await ds.destroy();
    }
  });
});
