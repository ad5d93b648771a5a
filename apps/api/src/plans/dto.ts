import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsISO8601,
  IsInt,
  IsNumber,
  IsObject,
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
import type { SupervisionPolicy } from '@duban/contracts';

export class ImportPlanDto {
  @ApiProperty({ description: 'File name of the document (.yaml/.yml is read as a plan written by hand)' })
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  fileName: string;

  @ApiProperty({ description: 'The document text (UTF-8). For other encodings or binary files upload the file as multipart/form-data instead.' })
  @IsString()
  @MinLength(1)
  @MaxLength(5_242_880)
  content: string;

  @ApiPropertyOptional({ description: 'Replace a draft plan of the same document number by this revision' })
  @IsOptional()
  @IsBoolean()
  replaceDraft?: boolean;
}

export class ActivatePlanDto {
  @ApiPropertyOptional({ description: 'Supervision starts with the period containing this date (default: today in Asia/Shanghai)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  startOn?: string;
}

export class DeadlineDto {
  @ApiProperty({ example: '2026-12-31', description: 'YYYY-MM-DD' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  date: string;
  @ApiProperty() @IsString() @MaxLength(200) text: string;
  @ApiProperty({ description: 'false once a supervisor has confirmed the date' }) @IsBoolean() confirm: boolean;
}

export class TargetDto {
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsInt() @Min(1900) @Max(2100) year: number | null;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) indicator: string;
  @ApiPropertyOptional() @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) value?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) min?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) max?: number;
  @ApiProperty() @IsString() @MaxLength(20) unit: string;
  @ApiProperty() @IsString() @MaxLength(1000) text: string;
}

/** A supervisor's corrections to a draft item; absent fields stay as parsed. `deadlines` and `targets` replace the item's whole list. */
export class UpdateDraftItemDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(500) title?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(20_000) body?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MinLength(2, { each: true })
  @MaxLength(100, { each: true })
  leadUnits?: string[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MinLength(2, { each: true })
  @MaxLength(100, { each: true })
  coUnits?: string[];

  @ApiPropertyOptional({ type: [DeadlineDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => DeadlineDto)
  deadlines?: DeadlineDto[];

  @ApiPropertyOptional({ type: [TargetDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => TargetDto)
  targets?: TargetDto[];

  @ApiPropertyOptional({ description: '重点督办事项' }) @IsOptional() @IsBoolean() keyItem?: boolean;
}

/** The plan's policies (报告频次、时限、提醒、升级阶梯); items without a policy of their own follow them from their next period. */
export class PlanPoliciesDto {
  @ApiPropertyOptional({ type: Object, description: 'policy of ordinary items' }) @IsOptional() @IsObject() policy?: SupervisionPolicy;
  @ApiPropertyOptional({ type: Object, description: 'policy of key items (重点督办事项)' }) @IsOptional() @IsObject() keyItemPolicy?: SupervisionPolicy;
}

export class ChooseGroupMembersDto {
  @ApiProperty({ description: 'the member units chosen for this group on this item (replacing an earlier choice)' })
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  memberIds: string[];
}

export class PlanHeadsDto {
  @ApiProperty({ description: "the leaders heading the plan's working group (组长), replacing the current ones" })
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  personIds: string[];
}
