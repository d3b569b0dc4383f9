import {
  applyDecorators,
  CanActivate,
  ExecutionContext,
  Header,
  HttpCode,
  HttpStatus,
  Injectable,
  mixin,
  Type,
  UseGuards,
} from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { ApiError, ApiErrors, validationExceptionFactory } from '@mtl/http';
import { LOCAL_STRATEGY } from './local.strategy';
import { LoginThrottlerGuard } from './login-throttle';

/**
 * Guards run before pipes, so the body is checked here first, with the same rules and the same
 * 400 as the global validation pipe: a malformed login names its field instead of being a 401.
 */
function validBody(dto: Type<object>): Type<CanActivate> {
  @Injectable()
  class ValidBodyGuard implements CanActivate {
    async canActivate(context: ExecutionContext): Promise<boolean> {
      const body: unknown = context.switchToHttp().getRequest<{ body?: unknown }>().body;
      if (body === null || body === undefined || typeof body !== 'object' || Array.isArray(body)) {
        throw ApiError.field('body', 'must be a JSON object');
      }
      const errors = await validate(plainToInstance(dto, body), {
        whitelist: true,
        forbidNonWhitelisted: true,
        forbidUnknownValues: true,
        validationError: { target: false, value: false },
      });
      if (errors.length > 0) throw validationExceptionFactory(errors);
      return true;
    }
  }
  return mixin(ValidBodyGuard);
}

/**
 * A login endpoint: the body validated against `dto` (400), attempts throttled per address and
 * email in Redis (429), credentials checked by passport-local (401, one message for every
 * failure); the handler receives the principal as `request.user` and issues the token.
 */
export function LoginEndpoint(dto: Type<object>, strategy: string = LOCAL_STRATEGY): MethodDecorator {
  return applyDecorators(
    UseGuards(validBody(dto), LoginThrottlerGuard, AuthGuard(strategy)),
    HttpCode(HttpStatus.OK),
    Header('Cache-Control', 'no-store'),
    ApiErrors(400, 401, 429),
  );
}
