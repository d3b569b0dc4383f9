import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The role the application acts as inside every transaction (`SET LOCAL ROLE mtl_app`): neither
 * superuser, table owner nor BYPASSRLS, so row-level security applies to it (docs/adr/0002).
 * Roles belong to the whole server, so it is created only when missing and never dropped here.
 */
export class CreateRuntimeRole1795458286674 implements MigrationInterface {
  name = 'CreateRuntimeRole1795458286674';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'mtl_app') THEN
          CREATE ROLE mtl_app NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOINHERIT;
        END IF;
      END
      $$`);
    // The connecting user must be a member of the role to switch to it; superusers already may.
    await q.query(`
      DO $$
      BEGIN
        IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
          EXECUTE format('GRANT mtl_app TO %I', current_user);
        END IF;
      END
      $$`);
    await q.query(`GRANT USAGE ON SCHEMA public TO mtl_app`);
    await q.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO mtl_app`,
    );
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO mtl_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT ON SEQUENCES FROM mtl_app`);
    await q.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM mtl_app`,
    );
    await q.query(`REVOKE USAGE ON SCHEMA public FROM mtl_app`);
  }
}
