/*
 * Every migration, in order. An explicit list rather than a glob, so that the built apps and the
 * CLI find them. Add a new migration's class here (npm run migration:generate prints a reminder).
 */
import { CreateRuntimeRole1795458286674 } from './1795458286674-CreateRuntimeRole';
import { CreateTenancyCore1795460368142 } from './1795460368142-CreateTenancyCore';
import { CreateSites1795461227333 } from './1795461227333-CreateSites';
import { CreateCourseRunsAndLibraries1795464788134 } from './1795464788134-CreateCourseRunsAndLibraries';
import { CreateEnrollmentsAndCatalogIndexes1796228733314 } from './1796228733314-CreateEnrollmentsAndCatalogIndexes';
import { LeastPrivilegeConnections1796228845332 } from './1796228845332-LeastPrivilegeConnections';
import { CaseInsensitiveCourseKeys1796228781505 } from './1796228781505-CaseInsensitiveCourseKeys';
import { CreateAuditTrail1796228845340 } from './1796228845340-CreateAuditTrail';
import { GlobalTablesOperatorOnly1796228845400 } from './1796228845400-GlobalTablesOperatorOnly';
import { NoSessionObjectsForRequests1796228845500 } from './1796228845500-NoSessionObjectsForRequests';
import { PoliciesByRole1796228845600 } from './1796228845600-PoliciesByRole';
import { ScopeFunctionsInPlpgsql1796228845700 } from './1796228845700-ScopeFunctionsInPlpgsql';

export const MIGRATIONS = [
  CreateRuntimeRole1795458286674,
  CreateTenancyCore1795460368142,
  CreateSites1795461227333,
  CreateCourseRunsAndLibraries1795464788134,
  CaseInsensitiveCourseKeys1796228781505,
  CreateEnrollmentsAndCatalogIndexes1796228733314,
  LeastPrivilegeConnections1796228845332,
  CreateAuditTrail1796228845340,
  GlobalTablesOperatorOnly1796228845400,
  NoSessionObjectsForRequests1796228845500,
  PoliciesByRole1796228845600,
  ScopeFunctionsInPlpgsql1796228845700,
];

export { databasePrivilegeStatements, restrictDatabasePrivileges } from './support/database-privileges';
