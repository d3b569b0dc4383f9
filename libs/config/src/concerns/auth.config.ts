import { Transform } from 'class-transformer';
import { IsDefined, IsInt, IsString, Max, Min, MinLength } from 'class-validator';
import { developmentSecret } from '../development-secrets';
import { parseIntegerEnv } from '../env-parsers';
import { EnvVar } from '../env-var.decorator';

/** Signing and lifetime of access tokens. */
export class AuthConfig {
  @EnvVar({
    description: 'Secret that signs access tokens; required when NODE_ENV=production (no default there)',
    // Outside production a random secret made on first start and kept in .data/secrets/ keeps
    // `npm start` zero-configuration without a publicly known key; production must bring its own.
    default: (env) => (env.NODE_ENV === 'production' ? undefined : developmentSecret('jwt-secret', env)),
    secret: true,
  })
  @IsDefined({ message: 'is required when NODE_ENV=production' })
  @IsString()
  @MinLength(16)
  JWT_SECRET!: string;

  @EnvVar({ description: 'Lifetime of an access token, in seconds', default: '3600' })
  @Transform(({ value }) => parseIntegerEnv(value))
  @IsInt()
  @Min(60)
  @Max(30 * 24 * 3600)
  JWT_EXPIRES_IN!: number;
}
