import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { SupervisionPolicy } from '@duban/contracts';
import { IsBoolean, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { TEXT_RULES } from '@duban/contracts';
import { IsCleanText } from '../../common/validation';

export class SetKeyItemDto {
  @ApiProperty({ description: 'true: 重点督办 from the next period, under the plan’s key-item policy' }) @IsBoolean() keyItem: boolean;
}

/** The policy's fields are checked by the workflow's validator (400 naming the field). */
export class ChangePolicyDto {
  @ApiProperty({ type: Object }) @IsObject() policy: SupervisionPolicy;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2_000) @IsCleanText({ maxLength: 2_000, multiline: true }) reason?: string;
}

export class AcknowledgeDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(5_000) @IsCleanText(TEXT_RULES.comment) comment?: string;
}
