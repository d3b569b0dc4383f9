import { MigrationInterface, QueryRunner } from 'typeorm';
import { restoreDefaultDatabasePrivileges, restrictDatabasePrivileges } from './support/database-privileges';

/**
 * Request connections may create no temporary object. A temporary table, view or function lives
 * as long as the server session, i.e. across every later request of the pooled connection, and
 * `pg_temp` is searched first for relations: SQL that escaped the application could leave a
 * `pg_temp.users` view behind that records the signed scope of the next tenants on that
 * connection, for a later injection to replay. Without TEMPORARY, `mtl_app` leaves nothing in the
 * session but settings (docs/adr/0016). The cross-organization login keeps it.
 */
export class NoSessionObjectsForRequests1796228845500 implements MigrationInterface {
  name = 'NoSessionObjectsForRequests1796228845500';

  async up(q: QueryRunner): Promise<void> {
    await restrictDatabasePrivileges(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await restoreDefaultDatabasePrivileges(q);
  }
}
