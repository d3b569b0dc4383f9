/*
 * Every migration, in order. An explicit list rather than a glob, so that the built apps and the
 * CLI find them. Add a new migration's class here (npm run migration:generate prints a reminder).
 */
import { CreateRuntimeRole1795458286674 } from './1795458286674-CreateRuntimeRole';
import { CreateTenancyCore1795460368142 } from './1795460368142-CreateTenancyCore';
import { CreateSites1795461227333 } from './1795461227333-CreateSites';
import { CreateCourseRunsAndLibraries1795464788134 } from './1795464788134-CreateCourseRunsAndLibraries';
import { CreateEnrollmentsAndCatalogIndexes1796228733314 } from './1796228733314-CreateEnrollmentsAndCatalogIndexes';

export const MIGRATIONS = [CreateRuntimeRole1795458286674, CreateTenancyCore1795460368142, CreateSites1795461227333, CreateCourseRunsAndLibraries1795464788134, CreateEnrollmentsAndCatalogIndexes1796228733314];
