import { HttpStatus, Injectable } from '@nestjs/common';
import {
  AccessToken,
  AccountsService,
  CredentialsService,
  Member,
  Principal,
  siteAudience,
  TokenService,
} from '@mtl/accounts';
import { ApiError } from '@mtl/http';
import { CachedOrganization, SiteConfigurationHelpers } from '@mtl/sites';
import { TenantContext } from '@mtl/tenancy';

/** A learner just registered on a site, with the organization they joined. */
export interface SiteRegistration {
  member: Member;
  organization: CachedOrganization;
}

/**
 * The rules of accounts on an LMS site, shared by the JSON API and the sign-in and registration
 * pages: the organization is always the site's, never the client's to choose.
 */
@Injectable()
export class SiteAccounts {
  constructor(
    private readonly accounts: AccountsService,
    private readonly credentials: CredentialsService,
    private readonly tokens: TokenService,
    private readonly sites: SiteConfigurationHelpers,
    private readonly context: TenantContext,
  ) {}

  /**
   * The principal for these credentials on this site, or null (one answer for every failure): a
   * member signs in only on a site of their own organization, an operator anywhere.
   */
  async authenticate(email: string, password: string): Promise<Principal | null> {
    const organization = this.sites.currentSite()?.organization;
    const member = organization
      ? await this.credentials.validateCredentials({ email, password, organization: organization.shortName })
      : null;
    return member ?? (await this.credentials.validateCredentials({ email, password }));
  }

  /** A token good on this site only (`site:<id>`); the main site has no accounts until it is created as a site. */
  issueSiteToken(principal: Principal): Promise<AccessToken> {
    const siteId = this.context.siteId;
    if (siteId == null)
      throw new ApiError(
        HttpStatus.FORBIDDEN,
        'The main site has no accounts of its own until it is created as a site',
      );
    return this.tokens.issueToken(principal, siteAudience(siteId));
  }

  /** Creates a learner in the site's organization. Run it in the request's transaction. */
  async register(input: { email: string; name: string; password: string }): Promise<SiteRegistration> {
    const organization = this.sites.currentSite()?.organization;
    if (!organization)
      throw new ApiError(HttpStatus.FORBIDDEN, 'Registration is open on organization sites only, not on the main site');
    // A site whose organization is inactive, or that does not show its own organization, takes no
    // registrations (its learners could never see anything).
    if (!organization.active || !(this.context.scope?.readable ?? []).includes(organization.id)) {
      throw new ApiError(HttpStatus.FORBIDDEN, 'Registration is closed on this site');
    }
    // The site lets the request read its organizations; registering writes in the site's own.
    this.context.grantWrite(organization.id);
    const member = await this.accounts.createUser({
      email: input.email,
      name: input.name,
      password: input.password,
      role: 'learner',
    });
    return { member, organization };
  }
}
