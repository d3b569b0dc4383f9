import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export const ORGANIZATION_ROLES = ['learner', 'author', 'admin'] as const;
export type OrganizationRole = (typeof ORGANIZATION_ROLES)[number];

/** The mapping of a user to their one organization, with a role and an active flag. */
@Entity({ name: 'organization_memberships', synchronize: false })
export class OrganizationMembership {
  @PrimaryColumn({ name: 'organization_id', type: 'integer' })
  organizationId!: number;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: OrganizationRole;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  created!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  modified!: Date;
}
