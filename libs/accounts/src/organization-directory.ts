import { Injectable } from '@nestjs/common';
import { Organization, OrganizationsRepository } from '@mtl/organizations';

/** The organization facts accounts need, read from the global registry. */
export interface OrganizationSummary {
  id: number;
  shortName: string;
  name: string;
  active: boolean;
}

/**
 * Reads of the global organizations registry that accounts need (login by short name, the
 * organization of `GET /api/me`), through the registry's repository; no tenant needed.
 */
@Injectable()
export class OrganizationDirectory {
  constructor(private readonly organizations: OrganizationsRepository) {}

  /** The active organization with this short name, compared case-insensitively. */
  async findActiveByShortName(shortName: string): Promise<OrganizationSummary | null> {
    const organization = await this.organizations.findByShortName(shortName.trim());
    return organization ? summarize(organization) : null;
  }

  /** The organization with this id, active or not. */
  async findById(id: number): Promise<OrganizationSummary | null> {
    const organization = await this.organizations.findById(id, { includeInactive: true });
    return organization ? summarize(organization) : null;
  }
}

function summarize(organization: Organization): OrganizationSummary {
  return {
    id: organization.id,
    shortName: organization.shortName,
    name: organization.name,
    active: organization.active,
  };
}
