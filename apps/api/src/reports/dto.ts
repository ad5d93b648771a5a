import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsNumber, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';

export class IndicatorValueDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) indicator: string;
  @ApiProperty() @IsNumber({ allowNaN: false, allowInfinity: false }) value: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20) unit?: string;
}

export class SubmitReportDto {
  @ApiProperty({ example: '2026Q4', description: 'The reporting period: 2026Q4, 2026-11, 2026H2 or 2026' })
  @IsString() @Matches(/^\d{4}(Q[1-4]|-(0[1-9]|1[0-2])|H[12])?$/, { message: 'periodKey must look like 2026Q4, 2026-11, 2026H2 or 2026' })
  periodKey: string;

  @ApiProperty() @IsString() @MinLength(1) @MaxLength(20_000) narrative: string;

  @ApiProperty({ type: [IndicatorValueDto] })
  @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => IndicatorValueDto)
  indicatorValues: IndicatorValueDto[];

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(10_000) problems?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(10_000) nextSteps?: string;
}

export class ReviewReportDto {
  @ApiProperty({ enum: ['approve', 'return'] }) @IsIn(['approve', 'return']) decision: 'approve' | 'return';
  @ApiPropertyOptional({ description: 'Required when returning' }) @IsOptional() @IsString() @MaxLength(5_000) comment?: string;
}
