import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TenantOwnedEntity } from '@mtl/database';

export const CATALOG_VISIBILITIES = ['both', 'about', 'none'] as const;
export type CatalogVisibility = (typeof CATALOG_VISIBILITIES)[number];

/** A course run of one organization (tenant-owned: RLS applies). */
@Entity({ name: 'course_runs', synchronize: false })
export class CourseRun extends TenantOwnedEntity {
  @PrimaryColumn({ type: 'bigint', generated: 'identity', generatedIdentity: 'BY DEFAULT' })
  id!: string;

  /** The canonical course key string (`course-v1:ORG+COURSE+RUN`). */
  @Column({ name: 'course_key', type: 'varchar', length: 255 })
  courseKey!: string;

  @Column({ name: 'display_name', type: 'varchar', length: 255 })
  displayName!: string;

  @Column({ type: 'timestamptz', nullable: true })
  start!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  end!: Date | null;

  /** As Open edX: `both` lists it in the catalog, `about` serves only its page, `none` neither. */
  @Column({ name: 'catalog_visibility', type: 'varchar', length: 8, default: 'both' })
  catalogVisibility!: CatalogVisibility;

  @Column({ type: 'boolean', default: false })
  published!: boolean;
}
