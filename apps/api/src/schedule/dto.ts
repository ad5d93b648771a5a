import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';

export class ScheduleQueryDto {
  @ApiPropertyOptional({ description: 'first day (YYYY-MM-DD); default: today in Asia/Shanghai' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'last day (YYYY-MM-DD); default: one year after from' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}
