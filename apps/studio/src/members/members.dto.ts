import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { Member, ORGANIZATION_ROLES, OrganizationRole } from '@mtl/accounts';
import { PageResponseOf } from '@mtl/http';

export class CreateMemberDto {
  @ApiProperty({ example: 'new.author@example.com' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'Ada Author' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  name!: string;

  @ApiProperty({ enum: ORGANIZATION_ROLES })
  @IsIn(ORGANIZATION_ROLES)
  role!: OrganizationRole;
}

export class UpdateMemberDto {
  @ApiPropertyOptional({ enum: ORGANIZATION_ROLES })
  @IsOptional()
  @IsIn(ORGANIZATION_ROLES)
  role?: OrganizationRole;

  @ApiPropertyOptional({
    description: 'false bars the member from signing in (existing tokens stop working); true restores them',
  })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class MemberResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  email!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ enum: ORGANIZATION_ROLES })
  role!: OrganizationRole;

  @ApiProperty()
  active!: boolean;

  @ApiProperty({ type: String, format: 'date-time' })
  created!: string;

  static of(member: Member): MemberResponse {
    return {
      id: member.id,
      email: member.email,
      name: member.name,
      role: member.role,
      active: member.active,
      created: new Date(member.created).toISOString(),
    };
  }
}

export class CreatedMemberResponse extends MemberResponse {
  @ApiProperty({
    description:
      'A random initial password, shown this once and stored only as an argon2id hash. Hand it ' +
      'to the member over a trusted channel.',
  })
  initial_password!: string;
}

export class MemberPageResponse extends PageResponseOf(MemberResponse, {
  count: 42,
  next: 'http://studio.example/api/organization/members?page=3',
}) {}
