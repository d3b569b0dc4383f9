import { Global, Inject, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { ClsPluginTransactional } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { getDataSourceToken, InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import { ClsModule } from 'nestjs-cls';
import { DataSource } from 'typeorm';
import { runtimeConfig, RuntimeSettings } from '@mtl/config';
import { CROSS_ORGANIZATION_DATA_SOURCE, openDatabase } from '@mtl/database';
import { AuditTrail } from './audit-trail';
import { AuditTrailReader } from './audit-trail-reader';
import { AuditTrailEntry } from './audit-trail.entity';
import { CrossOrganizationAccess } from './cross-organization-access';
import { checkConnectionRole, checkTenantCatalogue } from './tenant-catalogue';
import { TenantContext } from './tenant-context';
import { TenantJobs } from './tenant-jobs';
import { TenantScopeSigner } from './tenant-scope-signer';
import { TenantQueryFilter } from './tenant-scoped.repository';
import { CROSS_ORGANIZATION_ROLE, RUNTIME_ROLE, TenantTransactions } from './tenant-transactions';

/**
 * Refuses to start when the database breaks a tenancy rule (ADR 0004), and always when a pool
 * logs in as anything more than its role (ADR 0006): a superuser or BYPASSRLS login would make
 * row-level security decorative.
 */
class TenantCatalogueCheck implements OnApplicationBootstrap {
  private readonly logger = new Logger('TenantCatalogue');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectDataSource(CROSS_ORGANIZATION_DATA_SOURCE) private readonly crossOrganization: DataSource,
    @Inject(runtimeConfig.KEY) private readonly runtime: RuntimeSettings,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.dataSource.isInitialized) return; // the CLI opens its connection on demand
    const logins = [
      ...(await checkConnectionRole(this.dataSource, RUNTIME_ROLE)),
      ...(await checkConnectionRole(await openDatabase(this.crossOrganization), CROSS_ORGANIZATION_ROLE)),
    ];
    if (logins.length > 0) throw new Error(`The database logins are not least-privilege:\n  ${logins.join('\n  ')}`);
    const problems = await checkTenantCatalogue(this.dataSource);
    if (problems.length === 0) return;
    const message = `The database breaks tenancy rules:\n  ${problems.join('\n  ')}`;
    if (this.runtime.NODE_ENV === 'test') this.logger.error(message);
    else throw new Error(message);
  }
}

/**
 * The tenancy layer: request/job context (nestjs-cls), one transaction per request or job that
 * carries the tenant into PostgreSQL (@nestjs-cls/transactional), the audited cross-organization
 * path and the audit trail, tenant jobs, and the start-up catalogue check.
 */
@Global()
@Module({
  imports: [
    ClsModule.forRoot({
      global: true,
      middleware: { mount: false },
      plugins: [
        new ClsPluginTransactional({
          imports: [TypeOrmModule],
          adapter: new TransactionalAdapterTypeOrm({ dataSourceToken: getDataSourceToken() }),
        }),
      ],
    }),
    TypeOrmModule.forFeature([AuditTrailEntry]),
  ],
  providers: [
    TenantContext,
    TenantTransactions,
    TenantScopeSigner,
    AuditTrail,
    AuditTrailReader,
    CrossOrganizationAccess,
    TenantJobs,
    TenantCatalogueCheck,
    TenantQueryFilter,
  ],
  exports: [
    TenantContext,
    TenantTransactions,
    AuditTrail,
    AuditTrailReader,
    CrossOrganizationAccess,
    TenantJobs,
    TenantQueryFilter,
  ],
})
export class TenancyModule {}
