import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';

const PERIOD_KEY = /^\d{4}(Q[1-4]|-(0[1-9]|1[0-2])|H[12])?$/;

/** A reporting period key in a path: 2026Q4, 2026-11, 2026H2 or 2026. */
@Injectable()
export class PeriodKeyPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (PERIOD_KEY.test(value)) return value;
    const reason = 'must look like 2026Q4, 2026-11, 2026H2 or 2026';
    throw new BadRequestException({ message: `periodKey: ${reason}`, problems: [{ field: 'periodKey', reason }] });
  }
}

/** The same, for an optional query parameter: absent passes as undefined. */
@Injectable()
export class OptionalPeriodKeyPipe implements PipeTransform<string | undefined, string | undefined> {
  private readonly key = new PeriodKeyPipe();

  transform(value: string | undefined): string | undefined {
    return value === undefined || value === '' ? undefined : this.key.transform(value);
  }
}
