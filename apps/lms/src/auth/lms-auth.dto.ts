import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsEmail,
  IsNotEmpty,
  IsString,
  MaxLength,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
  Validate,
} from 'class-validator';
import { isAcceptablePassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, PASSWORD_RULE } from '@mtl/accounts';

/** Emails arrive with stray spaces from copy and paste: compared and stored trimmed. */
const trimmed = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

@ValidatorConstraint({ name: 'passwordRule' })
class PasswordRule implements ValidatorConstraintInterface {
  validate(password: unknown, args: ValidationArguments): boolean {
    return isAcceptablePassword(password, (args.object as { email?: unknown }).email);
  }

  defaultMessage(): string {
    return PASSWORD_RULE;
  }
}

export class LmsLoginDto {
  @ApiProperty({ example: 'learner@mitx.demo', description: 'Any case; surrounding spaces are ignored' })
  @Transform(trimmed)
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
  @ApiProperty({
    example: 'ada@example.com',
    description: "Unique within the site's organization (any case); surrounding spaces are ignored",
  })
  @Transform(trimmed)
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({
    example: 'a long passphrase',
    minLength: MIN_PASSWORD_LENGTH,
    maxLength: MAX_PASSWORD_LENGTH,
    description: `The password ${PASSWORD_RULE}`,
  })
  @IsString()
  @Validate(PasswordRule)
  password!: string;

  @ApiProperty({ example: 'Ada Lovelace' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  name!: string;
}
