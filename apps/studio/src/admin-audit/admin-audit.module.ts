import { Module } from '@nestjs/common';
import { AdminAuditController } from './admin-audit.controller';

/** `GET /api/admin/audit` (TenancyModule, global, provides the reader). */
@Module({ controllers: [AdminAuditController] })
export class AdminAuditModule {}
