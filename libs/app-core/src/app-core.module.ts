import { DynamicModule, Module } from '@nestjs/common';
import { AppConfigModule } from '@mtl/config';
import { DatabaseModule } from '@mtl/database';
import { LoggingModule } from '@mtl/logging';
import { QueueModule } from '@mtl/queue';
import { TenancyModule } from '@mtl/tenancy';

/**
 * What every long-running process of the platform loads: validated configuration, logging, the
 * database (migrated at start-up), the queue connection and the tenancy layer. Apps add their own modules on top.
 */
@Module({})
export class AppCoreModule {
  static forApp(app: 'lms' | 'studio' | 'worker'): DynamicModule {
    return {
      module: AppCoreModule,
      imports: [
        AppConfigModule.forRoot(),
        LoggingModule.forApp(app),
        // The worker answers no request: its backfills stream COPY and may run long statements.
        DatabaseModule.forApp(app, { boundedStatements: app !== 'worker' }),
        QueueModule.forRoot(),
        TenancyModule,
      ],
      exports: [LoggingModule, DatabaseModule, QueueModule, TenancyModule],
    };
  }
}
