import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { TEXT_RULES } from '@duban/contracts';
import { IsCleanText } from '../../common/validation';

export class CreateClosureRequestDto {
  @ApiProperty({ description: 'Why the task is complete (办结理由)' })
  @IsString()
  @MinLength(1)
  @MaxLength(10_000)
  @IsCleanText(TEXT_RULES.longText)
  reason: string;
}

export class LeaderClosureDto {
  @ApiProperty({ enum: ['sign-off', 'instruct'] }) @IsIn(['sign-off', 'instruct']) decision: 'sign-off' | 'instruct';
  @ApiPropertyOptional({ description: 'The new instruction (批示), required with instruct' })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  @IsCleanText(TEXT_RULES.longText)
  instruction?: string;
}
