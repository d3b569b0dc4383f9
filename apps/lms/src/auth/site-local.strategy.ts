import { HttpStatus, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-local';
import { LOGIN_FAILED_MESSAGE, Principal } from '@mtl/accounts';
import { ApiError } from '@mtl/http';
import { SiteAccounts } from './site-accounts.service';

export const SITE_LOCAL_STRATEGY = 'site-local';

/** LMS login (passport-local) with the site's rules (SiteAccounts.authenticate). */
@Injectable()
export class SiteLocalStrategy extends PassportStrategy(Strategy, SITE_LOCAL_STRATEGY) {
  constructor(private readonly siteAccounts: SiteAccounts) {
    super({ usernameField: 'email', passwordField: 'password', session: false });
  }

  async validate(email: string, password: string): Promise<Principal> {
    const principal = await this.siteAccounts.authenticate(email, password);
    if (!principal) throw new ApiError(HttpStatus.UNAUTHORIZED, LOGIN_FAILED_MESSAGE);
    return principal;
  }
}
