import { Injectable } from '@nestjs/common';
import { Organization } from '@mtl/organizations';
import { TenantTransactions } from '@mtl/tenancy';

/** The organization facts accounts need, read from the global registry. */
export interface OrganizationSummary {
  id: number;
  shortName: string;
  name: string;
  active: boolean;
}

/**
 * Reads of the global organizations registry that accounts need (login by short name, the
 * organization of `GET /api/me`). Runs in the current tenant transaction; no tenant needed.
 */
@Injectable()
export class OrganizationDirectory {
  constructor(private readonly transactions: TenantTransactions) {}

  /** The active organization with this short name, compared case-insensitively. */
  findActiveByShortName(shortName: string): Promise<OrganizationSummary | null> {
    return this.transactions.run(async (manager) => {
      const organization = await manager
        .getRepository(Organization)
        .createQueryBuilder('organization')
        .where('LOWER(organization.shortName) = LOWER(:shortName) AND organization.active', { shortName: shortName.trim() })
        .getOne();
      return organization ? summarize(organization) : null;
    });
  }

  findById(id: number): Promise<OrganizationSummary | null> {
    return this.transactions.run(async (manager) => {
      const organization = await manager.getRepository(Organization).findOneBy({ id });
      return organization ? summarize(organization) : null;
    });
  }
}

function summarize(organization: Organization): OrganizationSummary {
  return { id: organization.id, shortName: organization.shortName, name: organization.name, active: organization.active };
}
