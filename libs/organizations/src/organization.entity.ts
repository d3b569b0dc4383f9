import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** The tenant. The registry is global: every organization sees the list, none owns it. */
@Entity({ name: 'organizations', synchronize: false })
export class Organization {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  created!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  modified!: Date;

  @Column({ type: 'varchar', length: 255 })
  name!: string;

  /** Unique case-insensitively; only `[A-Za-z0-9._-]` (a CHECK constraint enforces it too). */
  @Column({ name: 'short_name', type: 'varchar', length: 255 })
  shortName!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ name: 'logo_url', type: 'varchar', length: 255, nullable: true })
  logoUrl!: string | null;

  @Column({ type: 'boolean', default: true })
  active!: boolean;
}
