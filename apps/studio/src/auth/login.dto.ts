import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { MAX_PASSWORD_LENGTH } from '@mtl/accounts';

export class StudioLoginDto {
  @ApiProperty({ example: 'author@example.com' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'correct horse battery staple', format: 'password' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_PASSWORD_LENGTH)
  password!: string;

  @ApiPropertyOptional({
    example: 'MITx',
    description:
      "The member's organization (short_name, any case). Required for organization members; absent for operators.",
  })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  @Matches(/^[A-Za-z0-9._-]+$/, { message: 'must be an organization short_name ([A-Za-z0-9._-])' })
  organization?: string;
}
