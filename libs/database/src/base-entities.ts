import { CreateDateColumn, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** When a row was made and last changed (Open edX's TimeStampedModel: `created`, `modified`). */
export abstract class TimeStampedEntity {
  @CreateDateColumn({ type: 'timestamptz' })
  created!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  modified!: Date;
}

/**
 * A row of one organization (tenant-owned: row-level security applies). `organization_id` leads
 * the primary key, so every key names the tenant and a tenant's rows sit together.
 */
export abstract class TenantOwnedEntity extends TimeStampedEntity {
  @PrimaryColumn({ name: 'organization_id', type: 'integer' })
  organizationId!: number;
}
