import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TenantOwnedEntity } from '@mtl/database';

export const ORGANIZATION_ROLES = ['learner', 'author', 'admin'] as const;
export type OrganizationRole = (typeof ORGANIZATION_ROLES)[number];

/** The mapping of a user to their one organization, with a role and an active flag. */
@Entity({ name: 'organization_memberships', synchronize: false })
export class OrganizationMembership extends TenantOwnedEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: OrganizationRole;

  @Column({ type: 'boolean', default: true })
  active!: boolean;
}
