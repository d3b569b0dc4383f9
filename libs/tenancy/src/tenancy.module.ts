import { Global, Inject, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { ClsPluginTransactional } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { getDataSourceToken, InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import { ClsModule } from 'nestjs-cls';
import { DataSource } from 'typeorm';
import { runtimeConfig, RuntimeSettings } from '@mtl/config';
import { AuditTrail } from './audit-trail';
import { AuditTrailReader } from './audit-trail-reader';
import { AuditTrailEntry } from './audit-trail.entity';
import { CrossOrganizationAccess } from './cross-organization-access';
import { checkTenantCatalogue } from './tenant-catalogue';
import { TenantContext } from './tenant-context';
import { TenantJobs } from './tenant-jobs';
import { TenantTransactionInterceptor } from './tenant-transaction.interceptor';
import { TenantTransactions } from './tenant-transactions';

/** Refuses to start when the database breaks a tenancy rule (ADR 0004). */
class TenantCatalogueCheck implements OnApplicationBootstrap {
  private readonly logger = new Logger('TenantCatalogue');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(runtimeConfig.KEY) private readonly runtime: RuntimeSettings,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.dataSource.isInitialized) return; // the CLI opens its connection on demand
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
    AuditTrail,
    AuditTrailReader,
    CrossOrganizationAccess,
    TenantJobs,
    TenantCatalogueCheck,
    TenantTransactionInterceptor,
  ],
  exports: [TenantContext, TenantTransactions, AuditTrail, AuditTrailReader, CrossOrganizationAccess, TenantJobs, TenantTransactionInterceptor],
})
export class TenancyModule {}
