import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Link between an organization and a course key string. Tenant-owned: RLS applies. */
@Entity({ name: 'organization_courses', synchronize: false })
export class OrganizationCourse {
  @PrimaryColumn({ name: 'organization_id', type: 'integer' })
  organizationId!: number;

  @PrimaryColumn({ type: 'bigint', generated: 'identity', generatedIdentity: 'BY DEFAULT' })
  id!: string;

  /** The key exactly as given (`org/course/run` and `course-v1:org+course+run` are two links). */
  @Column({ name: 'course_id', type: 'varchar', length: 255 })
  courseId!: string;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  created!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  modified!: Date;
}
