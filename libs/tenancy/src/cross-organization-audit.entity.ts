import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One row per use of the cross-organization path: who, why, in which request. Append-only. */
@Entity({ name: 'cross_organization_audit', synchronize: false })
export class CrossOrganizationAudit {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;

  @Column({ type: 'varchar', length: 255 })
  actor!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'request_id', type: 'varchar', length: 128, nullable: true })
  requestId!: string | null;
}
