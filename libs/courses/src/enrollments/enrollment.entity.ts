import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TenantOwnedEntity } from '@mtl/database';

/**
 * A learner's enrollment in a course run, owned by the course run's organization (tenant-owned:
 * RLS applies). The learner is a member of that organization (`userId`) or an operator
 * (`operatorId`); exactly one of the two is set. Unenrolling keeps the row with `isActive` false.
 */
@Entity({ name: 'enrollments', synchronize: false })
export class Enrollment extends TenantOwnedEntity {
  @PrimaryColumn({ type: 'bigint', generated: 'identity', generatedIdentity: 'BY DEFAULT' })
  id!: string;

  @Column({ name: 'course_run_id', type: 'bigint' })
  courseRunId!: string;

  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId!: string | null;

  @Column({ name: 'operator_id', type: 'uuid', nullable: true })
  operatorId!: string | null;

  /** Open edX's enrollment mode; every enrollment made here is `audit` (no paid tracks yet). */
  @Column({ type: 'varchar', length: 32, default: 'audit' })
  mode!: string;

  @Column({ name: 'is_active', type: 'boolean', default: true })
  isActive!: boolean;
}
