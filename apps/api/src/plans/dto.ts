import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class ImportPlanDto {
  @ApiProperty({ description: 'File name of the document (its extension tells .txt from .yaml)' })
  @IsString() @MinLength(1) @MaxLength(255) fileName: string;

  @ApiProperty({ description: 'The document text (UTF-8)' })
  @IsString() @MinLength(1) @MaxLength(5_000_000) content: string;
}

export class ActivatePlanDto {
  @ApiPropertyOptional({ description: 'Supervision starts with the period containing this date (default: today in Asia/Shanghai)' })
  @IsOptional() @IsISO8601({ strict: true }) startOn?: string;
}
