import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { TEXT_RULES } from '@duban/contracts';
import { IsCleanText } from '../../common/validation';

const PERIOD_KEY = /^\d{4}(Q[1-4]|-(0[1-9]|1[0-2])|H[12])?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class CreateExtensionRequestDto {
  @ApiProperty({ example: '2026Q4' })
  @IsString()
  @Matches(PERIOD_KEY, { message: 'periodKey must look like 2026Q4, 2026-11, 2026H2 or 2026' })
  periodKey: string;

  @ApiProperty({ description: 'Why the report needs more time' }) @IsString() @MinLength(1) @MaxLength(5_000) @IsCleanText(TEXT_RULES.comment) reason: string;

  @ApiProperty({ example: '2027-01-20', description: 'The new due date asked for (YYYY-MM-DD, Asia/Shanghai)' })
  @IsString()
  @Matches(DATE, { message: 'requestedDueOn must be a date YYYY-MM-DD' })
  requestedDueOn: string;
}

export class DecideRequestDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(5_000) @IsCleanText(TEXT_RULES.comment) comment?: string;
}
