import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Req,
  Header,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import { AccountsService, Authenticated } from '@mtl/accounts';
import { ApiError, ApiErrors, paginate, PageQueryDto } from '@mtl/http';
import { AuditTrail, CurrentOrganization } from '@mtl/tenancy';
import {
  CreatedMemberResponse,
  CreateMemberDto,
  MemberPageResponse,
  MemberResponse,
  UpdateMemberDto,
} from './members.dto';

const userIdPipe = new ParseUUIDPipe({ exceptionFactory: () => ApiError.field('userId', 'must be a UUID') });

/**
 * The members of the caller's organization, for its admins. Another organization's member is a
 * 404 here, never a 403: the tenant scope (and row-level security) simply do not find it.
 * Every change is recorded in the audit trail, in the request's transaction.
 */
@ApiTags('organization members')
@Controller('api/organization/members')
@Authenticated({ roles: ['admin'] })
export class MembersController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly auditTrail: AuditTrail,
  ) {}

  @Get()
  @ApiOperation({ summary: "List the organization's members (active and inactive), by email" })
  @ApiOkResponse({ type: MemberPageResponse })
  @ApiErrors(400, 404)
  list(@Query() query: PageQueryDto, @Req() request: FastifyRequest): Promise<MemberPageResponse> {
    return paginate(request, query, async ({ page, pageSize }) => {
      const { count, results } = await this.accounts.listMembers(page, pageSize);
      return { count, results: results.map((m) => MemberResponse.of(m)) };
    });
  }

  @Post()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Add a member with a random initial password',
    description:
      'The initial password is in the 201 body once and nowhere else. 409 when the email ' +
      'already has an account in this organization.',
  })
  @ApiCreatedResponse({ type: CreatedMemberResponse })
  @ApiErrors(400, 409)
  async create(
    @Body() body: CreateMemberDto,
    @CurrentOrganization() organizationId: number,
  ): Promise<CreatedMemberResponse> {
    const initialPassword = randomBytes(18).toString('base64url');
    const member = await this.accounts.createUser({
      email: body.email,
      name: body.name,
      password: initialPassword,
      role: body.role,
    });
    await this.auditTrail.record({
      action: 'member.create',
      organizationId,
      target: member.id,
      detail: `role=${member.role}`,
    });
    return { ...MemberResponse.of(member), initial_password: initialPassword };
  }

  @Patch(':userId')
  @ApiOperation({
    summary: "Change a member's role or active flag",
    description: '409 when it would leave no active admin.',
  })
  @ApiOkResponse({ type: MemberResponse })
  @ApiErrors(400, 404, 409)
  async update(
    @Param('userId', userIdPipe) userId: string,
    @Body() body: UpdateMemberDto,
    @CurrentOrganization() organizationId: number,
  ): Promise<MemberResponse> {
    if (body.role === undefined && body.active === undefined) {
      throw ApiError.field('body', 'must name at least one of role, active');
    }
    const member = await this.accounts.updateMember(userId, { role: body.role, active: body.active });
    const changed = [
      body.role !== undefined ? `role=${body.role}` : null,
      body.active !== undefined ? `active=${String(body.active)}` : null,
    ]
      .filter(Boolean)
      .join(', ');
    await this.auditTrail.record({ action: 'member.update', organizationId, target: userId, detail: changed });
    return MemberResponse.of(member);
  }

  @Delete(':userId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Remove a member: delete the account',
    description:
      'The account and its membership are deleted and the email can be added again. To keep the ' +
      'account but bar sign-in, PATCH `active: false`. 409 for the last active admin.',
  })
  @ApiNoContentResponse()
  @ApiErrors(400, 404, 409)
  async remove(
    @Param('userId', userIdPipe) userId: string,
    @CurrentOrganization() organizationId: number,
  ): Promise<void> {
    await this.accounts.removeMember(userId);
    await this.auditTrail.record({ action: 'member.remove', organizationId, target: userId });
  }
}
