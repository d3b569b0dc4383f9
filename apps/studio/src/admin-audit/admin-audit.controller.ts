import { Controller, Get, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Authenticated } from '@mtl/accounts';
import { ApiErrors, paginate } from '@mtl/http';
import { AuditTrailReader, TenantContext } from '@mtl/tenancy';
import { AuditEntryResponse, AuditPageResponse, AuditQueryDto } from './admin-audit.dto';

/** Operators read the audit trail; each read is itself recorded as a cross-organization access. */
@ApiTags('admin: audit')
@Controller('api/admin/audit')
@Authenticated({ operator: true })
export class AdminAuditController {
  constructor(
    private readonly reader: AuditTrailReader,
    private readonly context: TenantContext,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'The audit trail, newest first',
    description:
      "Operators' writes, organization admins' changes to members, and uses of the " +
      'cross-organization path: who, what, which organization, the target, when, and the request id.',
  })
  @ApiOkResponse({ type: AuditPageResponse })
  @ApiErrors(400, 404)
  async list(@Query() query: AuditQueryDto, @Req() request: FastifyRequest): Promise<AuditPageResponse> {
    const actor = `operator:${this.context.principal?.userId ?? 'unknown'}`;
    return paginate(request, query, async ({ offset, pageSize }) => {
      const filter = { organization: query.organization, action: query.action };
      const { count, rows } = await this.reader.listPage(filter, offset, pageSize, actor);
      return { count, results: rows.map((row) => AuditEntryResponse.of(row)) };
    });
  }
}
