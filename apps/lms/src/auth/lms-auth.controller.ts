import { Body, Controller, Post, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessToken, AccessTokenResponse, LoginEndpoint, MeResponse, Principal } from '@mtl/accounts';
import { ApiErrors, Public } from '@mtl/http';
import { InRequestTransaction } from '@mtl/tenancy';
import { LmsLoginDto, RegisterDto } from './lms-auth.dto';
import { SiteAccounts } from './site-accounts.service';
import { SITE_LOCAL_STRATEGY } from './site-local.strategy';

/** Accounts on an LMS site: each tenant site registers learners into its own organization. */
@ApiTags('auth')
@Controller('api/auth')
export class LmsAuthController {
  constructor(private readonly siteAccounts: SiteAccounts) {}

  @Post('register')
  @Public()
  @InRequestTransaction()
  @ApiOperation({
    summary: "Create a learner account in this site's organization",
    description:
      'The same email may hold separate accounts on sites of different organizations. Refused on the main site.',
  })
  @ApiCreatedResponse({ type: MeResponse })
  @ApiErrors(400, 403, 409)
  async register(@Body() body: RegisterDto): Promise<MeResponse> {
    const { member, organization } = await this.siteAccounts.register(body);
    return MeResponse.of({ ...member, organization });
  }

  @Post('login')
  @Public()
  @LoginEndpoint(LmsLoginDto, SITE_LOCAL_STRATEGY)
  @ApiOperation({
    summary: 'Sign in on this site',
    description:
      "Members of the site's organization and operators; a token works on this site only. Every " +
      'failure is the same 401; at most 10 attempts per minute per address and email (429).',
  })
  @ApiOkResponse({ type: AccessTokenResponse })
  login(@Body() _credentials: LmsLoginDto, @Req() request: { user: Principal }): Promise<AccessToken> {
    return this.siteAccounts.issueSiteToken(request.user);
  }
}
