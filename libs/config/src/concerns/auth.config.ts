import { Transform } from 'class-transformer';
import { IsDefined, IsInt, IsString, Max, Min, MinLength } from 'class-validator';
import { parseIntegerEnv } from '../env-parsers';
import { EnvVar } from '../env-var.decorator';

const DEVELOPMENT_JWT_SECRET = 'insecure-development-secret-never-use-in-production';

/** Signing and lifetime of access tokens. */
export class AuthConfig {
  @EnvVar({
    description: 'Secret that signs access tokens; required when NODE_ENV=production (no default there)',
    // A fixed default keeps `npm start` zero-configuration; production must bring its own.
    default: (env) => (env.NODE_ENV === 'production' ? undefined : DEVELOPMENT_JWT_SECRET),
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
