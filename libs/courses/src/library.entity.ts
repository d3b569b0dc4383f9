import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A content library of one organization (tenant-owned: RLS applies). */
@Entity({ name: 'libraries', synchronize: false })
export class Library {
  @PrimaryColumn({ name: 'organization_id', type: 'integer' })
  organizationId!: number;

  @PrimaryColumn({ type: 'bigint', generated: 'identity', generatedIdentity: 'BY DEFAULT' })
  id!: string;

  /** `library-v1:ORG+LIB` or `lib:ORG:SLUG`. */
  @Column({ name: 'library_key', type: 'varchar', length: 255 })
  libraryKey!: string;

  @Column({ type: 'varchar', length: 255 })
  title!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  created!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  modified!: Date;
}
