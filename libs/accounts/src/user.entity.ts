import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TenantOwnedEntity } from '@mtl/database';

/**
 * An account in one organization. The same email may hold separate accounts in different
 * organizations. Tenant-owned: RLS applies.
 */
@Entity({ name: 'users', synchronize: false })
export class User extends TenantOwnedEntity {
  @PrimaryColumn({ type: 'uuid', default: () => 'gen_random_uuid()' })
  id!: string;

  @Column({ type: 'varchar', length: 254 })
  email!: string;

  @Column({ type: 'varchar', length: 255 })
  name!: string;

  /** argon2id. */
  @Column({ name: 'password_hash', type: 'text', select: false })
  passwordHash!: string;
}
