import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { TimeStampedEntity } from '@mtl/database';
import type { Site } from './site.entity';

/** One per site: `enabled` (default false) and `site_values`, a JSON object. */
@Entity({ name: 'site_configurations', synchronize: false })
export class SiteConfiguration extends TimeStampedEntity {
  @PrimaryColumn({ name: 'site_id', type: 'integer' })
  siteId!: number;

  @OneToOne('Site', (site: Site) => site.configuration)
  @JoinColumn({ name: 'site_id' })
  site?: Site;

  @Column({ type: 'boolean', default: false })
  enabled!: boolean;

  @Column({ name: 'site_values', type: 'jsonb', default: () => "'{}'::jsonb" })
  siteValues!: Record<string, unknown>;
}
