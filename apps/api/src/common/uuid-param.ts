import { BadRequestException, Param, ParseUUIDPipe } from '@nestjs/common';

/** A UUID path parameter; anything else is a 400 that names the parameter. */
export const UuidParam = (name: string) =>
  Param(
    name,
    new ParseUUIDPipe({
      exceptionFactory: () => new BadRequestException({ message: `${name}: must be a UUID`, problems: [{ field: name, reason: 'must be a UUID' }] }),
    }),
  );
