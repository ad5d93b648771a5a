import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { TEXT_RULES } from '@duban/contracts';
import { IsCleanText } from '../common/validation';

export class IndicatorValueDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) @IsCleanText(TEXT_RULES.indicator) indicator: string;
  @ApiProperty() @IsNumber({ allowNaN: false, allowInfinity: false }) value: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20) @IsCleanText(TEXT_RULES.indicatorUnit) unit?: string;
}

export class SubmitReportDto {
  @ApiProperty({ example: '2026Q4', description: 'The reporting period: 2026Q4, 2026-11, 2026H2 or 2026' })
  @IsString()
  @Matches(/^\d{4}(Q[1-4]|-(0[1-9]|1[0-2])|H[12])?$/, { message: 'periodKey must look like 2026Q4, 2026-11, 2026H2 or 2026' })
  periodKey: string;

  @ApiProperty() @IsString() @MinLength(1) @MaxLength(20_000) @IsCleanText(TEXT_RULES.narrative) narrative: string;

  @ApiProperty({ type: [IndicatorValueDto] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => IndicatorValueDto)
  indicatorValues: IndicatorValueDto[];

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(10_000) @IsCleanText(TEXT_RULES.longText) problems?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(10_000) @IsCleanText(TEXT_RULES.longText) nextSteps?: string;
}

export class ReviewReportDto {
  @ApiProperty({ enum: ['approve', 'return'] }) @IsIn(['approve', 'return']) decision: 'approve' | 'return';
  @ApiPropertyOptional({ description: 'Required when returning' })
  @IsOptional()
  @IsString()
  @MaxLength(5_000)
  @IsCleanText(TEXT_RULES.comment)
  comment?: string;
}

export class BulkApproveDto {
  @ApiProperty({ type: [String], description: 'Reports to approve, 1 to 50' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  reportIds: string[];

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(5_000) @IsCleanText(TEXT_RULES.comment) comment?: string;
}

export class CarryAttachmentsDto {
  @ApiProperty({ type: [String], description: "Files of the period's earlier attempt to keep on this resubmission, 1 to 20" })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  attachmentIds: string[];
}

export class BulkApproveResult {
  @ApiProperty() reportId: string;
  @ApiProperty({ description: 'The status this report alone would have got' }) status: number;
  @ApiProperty({ enum: ['approved', 'refused'] }) outcome: 'approved' | 'refused';
  @ApiPropertyOptional() message?: string;
}

export class BulkApproveResponse {
  @ApiProperty() approved: number;
  @ApiProperty() refused: number;
  @ApiProperty({ type: [BulkApproveResult] }) results: BulkApproveResult[];
}

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class QueueQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID() planId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() unitId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() itemId?: string;
  @ApiPropertyOptional({ description: 'true: key supervision items (重点督办事项) only' }) @IsOptional() @Transform(toBoolean) @IsBoolean() keyItem?: boolean;
  @ApiPropertyOptional({ enum: ['pending', 'approved', 'returned'], description: 'Report status (default pending)' })
  @IsOptional()
  @IsIn(['pending', 'approved', 'returned'])
  status?: 'pending' | 'approved' | 'returned';
  @ApiPropertyOptional({ enum: ['green', 'yellow', 'red'] }) @IsOptional() @IsIn(['green', 'yellow', 'red']) colour?: 'green' | 'yellow' | 'red';
  @ApiPropertyOptional({ enum: ['mine', 'claimed', 'unclaimed'] }) @IsOptional() @IsIn(['mine', 'claimed', 'unclaimed']) claim?:
    | 'mine'
    | 'claimed'
    | 'unclaimed';
  @ApiPropertyOptional({ description: "Words in the item's code or title, the unit's name, or the plan's title or code" })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
  @ApiPropertyOptional({ description: 'The X-Next-Cursor of the previous page' }) @IsOptional() @IsString() @MaxLength(300) cursor?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
}
