import { ArgumentMetadata, Injectable, ValidationPipe } from '@nestjs/common';
import { ApiError } from './api.error';
import { validationExceptionFactory } from './validation-errors';

/**
 * The global pipe: whitelist, refuse unknown fields, transform to DTO instances, and errors in
 * the shared shape. A body that is JSON but not an object (an array, a string) is refused up
 * front: class-validator would otherwise validate it as an empty DTO or a list of them.
 */
@Injectable()
export class ApiValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      forbidUnknownValues: true,
      validationError: { target: false, value: false },
      exceptionFactory: validationExceptionFactory,
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const expectsDto =
      metadata.type === 'body' && typeof metadata.metatype === 'function' && metadata.metatype !== Object;
    if (expectsDto && value !== undefined && value !== null && (typeof value !== 'object' || Array.isArray(value))) {
      throw ApiError.field('body', 'must be a JSON object');
    }
    return super.transform(value, metadata);
  }
}
