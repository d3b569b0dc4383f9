import { Column, Entity, OneToOne, PrimaryGeneratedColumn } from 'typeorm';
import { TimeStampedEntity } from '@mtl/database';
import { SiteConfiguration } from './site-configuration.entity';

/** A site, chosen by the Host header. Platform table: read before any tenant is known. */
@Entity({ name: 'sites', synchronize: false })
export class Site extends TimeStampedEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  /** Lower-case host name, no port. */
  @Column({ type: 'varchar', length: 255 })
  domain!: string;

  @Column({ type: 'varchar', length: 255 })
  name!: string;

  /** The tenant site's organization; null for the main site. */
  @Column({ name: 'organization_id', type: 'integer', nullable: true })
  organizationId!: number | null;

  /** Grows with every change to the site or its configuration (cache freshness). */
  @Column({ type: 'bigint', default: 1, transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  version!: number;

  @OneToOne(() => SiteConfiguration, (configuration) => configuration.site)
  configuration?: SiteConfiguration;
}
