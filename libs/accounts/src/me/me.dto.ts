import { ApiProperty } from '@nestjs/swagger';
import type { Me } from '../accounts.service';

export class MeOrganization {
  @ApiProperty({ example: 7 })
  id!: number;

  @ApiProperty({ example: 'MITx' })
  short_name!: string;

  @ApiProperty({ example: 'MIT' })
  name!: string;
}

export class MeResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'author@example.com' })
  email!: string;

  @ApiProperty({ example: 'Ada Author' })
  name!: string;

  @ApiProperty({ type: MeOrganization, nullable: true, description: 'null for an operator' })
  organization!: MeOrganization | null;

  @ApiProperty({ enum: ['learner', 'author', 'admin', 'operator'] })
  role!: Me['role'];

  static of(me: Me): MeResponse {
    return {
      id: me.id,
      email: me.email,
      name: me.name,
      organization: me.organization
        ? { id: me.organization.id, short_name: me.organization.shortName, name: me.organization.name }
        : null,
      role: me.role,
    };
  }
}
