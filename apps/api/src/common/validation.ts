import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';
import { textReason, type TextRule } from '@duban/contracts';
import { ValidateBy, ValidateIf } from 'class-validator';

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

/**
 * Text the database and the workflows accept (libs/contracts `textReason`: no NUL or other control characters, no lone
 * surrogates, no bidi overrides, the field's length), so a poison value is a 400 here, not a stuck workflow step.
 */
export const IsCleanText = (rule: TextRule) =>
  ValidateBy({
    name: 'cleanText',
    validator: {
      validate: (value: unknown) => textReason(value, rule) === undefined,
      defaultMessage: (args) => textReason(args?.value, rule) ?? 'is not valid text',
    },
  });
