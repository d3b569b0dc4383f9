import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TenantOwnedEntity } from '@mtl/database';

/** A content library of one organization (tenant-owned: RLS applies). */
@Entity({ name: 'libraries', synchronize: false })
export class Library extends TenantOwnedEntity {
  @PrimaryColumn({ type: 'bigint', generated: 'identity', generatedIdentity: 'BY DEFAULT' })
  id!: string;

  /** `library-v1:ORG+LIB` or `lib:ORG:SLUG`. */
  @Column({ name: 'library_key', type: 'varchar', length: 255 })
  libraryKey!: string;

  @Column({ type: 'varchar', length: 255 })
  title!: string;
}
