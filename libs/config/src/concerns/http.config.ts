import { Transform } from 'class-transformer';
import { IsBoolean, IsFQDN, IsInt, IsIP, Max, Min } from 'class-validator';
import { parseBooleanEnv, parseIntegerEnv } from '../env-parsers';
import { EnvVar } from '../env-var.decorator';

/** The two HTTP applications. */
export class HttpConfig {
  @EnvVar({ description: 'Port of the LMS (learners)', default: '3000' })
  @Transform(({ value }) => parseIntegerEnv(value))
  @IsInt()
  @Min(0)
  @Max(65535)
  LMS_PORT!: number;

  @EnvVar({ description: 'Port of Studio (authors and operators)', default: '3001' })
  @Transform(({ value }) => parseIntegerEnv(value))
  @IsInt()
  @Min(0)
  @Max(65535)
  STUDIO_PORT!: number;

  @EnvVar({ description: 'Address the HTTP servers bind to', default: '0.0.0.0' })
  @IsIP()
  HTTP_HOST!: string;

  @EnvVar({ description: 'Trust X-Forwarded-* headers (set only behind a reverse proxy you run)', default: 'false' })
  @Transform(({ value }) => parseBooleanEnv(value))
  @IsBoolean()
  TRUST_PROXY!: boolean;

  @EnvVar({
    description: 'Host name Studio is reached at, for the absolute links it builds (pagination)',
    default: 'localhost',
  })
  @IsFQDN(
    { require_tld: false, allow_numeric_tld: true },
    { message: 'must be a host name such as studio.example.com' },
  )
  STUDIO_DOMAIN!: string;
}
