import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsNumber, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { TEXT_RULES } from '@duban/contracts';
import { IsCleanText } from '../../common/validation';

class ContributionIndicatorDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) @IsCleanText(TEXT_RULES.indicator) indicator: string;
  @ApiProperty() @IsNumber({ allowNaN: false, allowInfinity: false }) value: number;
  @ApiProperty({ required: false }) @IsOptional() @IsString() @MaxLength(20) @IsCleanText(TEXT_RULES.indicatorUnit) unit?: string;
}

export class CreateContributionDto {
  @ApiProperty({ example: '2026Q4' })
  @IsString()
  @Matches(/^\d{4}(Q[1-4]|-(0[1-9]|1[0-2])|H[12])?$/, { message: 'periodKey must look like 2026Q4, 2026-11, 2026H2 or 2026' })
  periodKey: string;

  @ApiProperty() @IsString() @MinLength(1) @MaxLength(20_000) @IsCleanText(TEXT_RULES.narrative) narrative: string;

  @ApiProperty({ type: [ContributionIndicatorDto] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ContributionIndicatorDto)
  indicatorValues: ContributionIndicatorDto[];
}
