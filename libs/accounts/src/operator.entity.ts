import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { TimeStampedEntity } from '@mtl/database';

/** A platform operator: a user with no organization. Global table. */
@Entity({ name: 'operators', synchronize: false })
export class Operator extends TimeStampedEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 254 })
  email!: string;

  @Column({ type: 'varchar', length: 255 })
  name!: string;

  @Column({ name: 'password_hash', type: 'text', select: false })
  passwordHash!: string;

  @Column({ type: 'boolean', default: true })
  active!: boolean;
}
