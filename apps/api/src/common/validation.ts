import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';
import { ValidateIf } from 'class-validator';

function flatten(errors: ValidationError[], parent = ''): Array<{ field: string; reason: string }> {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((reason) => ({ field, reason }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** 400 naming each field and the reason; unknown fields are refused rather than silently dropped. */
export const validationPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  exceptionFactory: (errors) => {
    const problems = flatten(errors);
    return new BadRequestException({ message: problems.map((p) => `${p.field}: ${p.reason}`).join('; '), problems });
  },
});

/** Optional, but not null: for PATCH fields whose column cannot be empty (absent = leave as is, null = refused). */
export const OptionalNotNull = () => ValidateIf((_: unknown, value: unknown) => value !== undefined);
