import { Body, Controller, HttpStatus, Post, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessToken, AccessTokenResponse, AccountsService, LoginEndpoint, MeResponse, Principal, siteAudience, TokenService } from '@mtl/accounts';
import { ApiError, ApiErrors, Public } from '@mtl/http';
import { SiteConfigurationHelpers } from '@mtl/sites';
import { InRequestTransaction, TenantContext } from '@mtl/tenancy';
import { LmsLoginDto, RegisterDto } from './lms-auth.dto';
import { SITE_LOCAL_STRATEGY } from './site-local.strategy';

/** Accounts on an LMS site: each tenant site registers learners into its own organization. */
@ApiTags('auth')
@Controller('api/auth')
export class LmsAuthController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly tokens: TokenService,
    private readonly sites: SiteConfigurationHelpers,
    private readonly context: TenantContext,
  ) {}

  @Post('register')
  @Public()
  @InRequestTransaction()
  @ApiOperation({
    summary: "Create a learner account in this site's organization",
    description: 'The same email may hold separate accounts on sites of different organizations. Refused on the main site.',
  })
  @ApiCreatedResponse({ type: MeResponse })
  @ApiErrors(400, 403, 409)
  async register(@Body() body: RegisterDto): Promise<MeResponse> {
    const organization = this.sites.currentSite()?.organization;
    if (!organization) throw new ApiError(HttpStatus.FORBIDDEN, 'Registration is open on organization sites only, not on the main site');
    // A site whose organization is inactive, or that does not show its own organization, takes no
    // registrations (its learners could never see anything).
    if (!organization.active || !(this.context.scope?.readable ?? []).includes(organization.id)) {
      throw new ApiError(HttpStatus.FORBIDDEN, 'Registration is closed on this site');
    }
    // The site lets the request read its organizations; registering writes in the site's own.
    this.context.grantWrite(organization.id);
    const member = await this.accounts.createUser({ email: body.email, name: body.name, password: body.password, role: 'learner' });
    return {
      id: member.id,
      email: member.email,
      name: member.name,
      organization: { id: organization.id, short_name: organization.shortName, name: organization.name },
      role: member.role,
    };
  }

  @Post('login')
  @Public()
  @LoginEndpoint(LmsLoginDto, SITE_LOCAL_STRATEGY)
  @ApiOperation({
    summary: 'Sign in on this site',
    description:
      "Members of the site's organization and operators; a token works on this site only. Every failure is the same 401; at most 10 attempts per minute per address and email (429).",
  })
  @ApiOkResponse({ type: AccessTokenResponse })
  login(@Body() _credentials: LmsLoginDto, @Req() request: { user: Principal }): Promise<AccessToken> {
    const siteId = this.context.siteId;
    if (siteId == null) throw new ApiError(HttpStatus.FORBIDDEN, 'The main site has no accounts of its own until it is created as a site');
    return this.tokens.issueToken(request.user, siteAudience(siteId));
  }
}
