import { ValidateBy, ValidationOptions } from 'class-validator';

/** A parseable URL whose scheme is one of `protocols` (e.g. `postgres:`). */
export function IsUrlWithProtocol(protocols: string[], options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isUrlWithProtocol',
      validator: {
        validate(value: unknown): boolean {
          if (typeof value !== 'string') return false;
          try {
            const url = new URL(value);
            return protocols.includes(url.protocol) && url.hostname.length > 0;
          } catch {
            return false;
          }
        },
        defaultMessage: () => `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
      },
    },
    options,
  );
}
