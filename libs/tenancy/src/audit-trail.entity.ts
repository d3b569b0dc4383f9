import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One row per audited act: an operator's write, an organization admin's change to members, a use
 * of the cross-organization path. Append-only for the application, and unreadable to tenants
 * (row-level security: only the cross-organization path reads it; migration CreateAuditTrail).
 */
@Entity({ name: 'audit_trail', synchronize: false })
export class AuditTrailEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;

  /** Who: `operator:<id>`, `admin:<id>` …, or the name a command or job gave. */
  @Column({ type: 'varchar', length: 255 })
  actor!: string;

  /** What, as `<thing>.<verb>`: `course.create`, `member.update`, `cross_organization.access` … */
  @Column({ type: 'varchar', length: 64 })
  action!: string;

  /** The organization acted on; null for platform-wide acts (a cross-organization read). */
  @Column({ name: 'organization_id', type: 'integer', nullable: true })
  organizationId!: number | null;

  /** What was acted on: a course key, a member id, a site domain … */
  @Column({ type: 'varchar', length: 512, nullable: true })
  target!: string | null;

  /** Free text: the reason of a cross-organization access, the fields a change touched. */
  @Column({ type: 'text', nullable: true })
  detail!: string | null;

  @Column({ name: 'request_id', type: 'varchar', length: 128, nullable: true })
  requestId!: string | null;
}
