import { HttpStatus, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-local';
import { CredentialsService, LOGIN_FAILED_MESSAGE, Principal } from '@mtl/accounts';
import { ApiError } from '@mtl/http';
import { SiteConfigurationHelpers } from '@mtl/sites';

export const SITE_LOCAL_STRATEGY = 'site-local';

/**
 * LMS login (passport-local): the organization is the site's, never the client's to choose. A
 * member signs in only on a site of their own organization; an operator anywhere. On the main
 * site (no organization) only operators can sign in.
 */
@Injectable()
export class SiteLocalStrategy extends PassportStrategy(Strategy, SITE_LOCAL_STRATEGY) {
  constructor(
    private readonly credentials: CredentialsService,
    private readonly sites: SiteConfigurationHelpers,
  ) {
    super({ usernameField: 'email', passwordField: 'password', session: false });
  }

  async validate(email: string, password: string): Promise<Principal> {
    const organization = this.sites.currentSite()?.organization;
    const member = organization ? await this.credentials.validateCredentials({ email, password, organization: organization.shortName }) : null;
    const principal = member ?? (await this.credentials.validateCredentials({ email, password }));
    if (!principal) throw new ApiError(HttpStatus.UNAUTHORIZED, LOGIN_FAILED_MESSAGE);
    return principal;
  }
}
