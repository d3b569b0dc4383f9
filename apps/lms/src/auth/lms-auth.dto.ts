import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsNotEmpty, IsString, MaxLength, MinLength } from 'class-validator';

export class LmsLoginDto {
  @ApiProperty({ example: 'learner@mitx.demo' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'demo-learner-pass' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1024)
  password!: string;
}

export class RegisterDto {
  @ApiProperty({ example: 'ada@example.com', description: 'Unique within the site\'s organization (any case)' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'a long passphrase', minLength: 8 })
  @IsString()
  @MinLength(8)
  @MaxLength(1024)
  password!: string;

  @ApiProperty({ example: 'Ada Lovelace' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  name!: string;
}
