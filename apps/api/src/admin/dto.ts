import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { API_TOKEN_SCOPES, ROLES, UNIT_KINDS, type ApiTokenScope, type Role, type UnitKind } from '@duban/domain';
import { OptionalNotNull } from '../common/validation';

const ALIASES = { description: 'other names documents use for the unit (市政府 for 广州市人民政府)', example: ['市工信委'] };

export class CreateUnitDto {
  @ApiProperty({ example: '市工业和信息化委' }) @IsString() @MinLength(1) @MaxLength(100) name: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) fullName?: string;
  @ApiPropertyOptional({ enum: UNIT_KINDS, example: 'department' }) @IsOptional() @IsIn(UNIT_KINDS) kind?: UnitKind;
  @ApiPropertyOptional(ALIASES) @IsOptional() @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @MaxLength(100, { each: true }) aliases?: string[];
  @ApiPropertyOptional({ description: 'the unit it sits under (a district department under its district government)' })
  @IsOptional()
  @IsUUID()
  parentId?: string;
  @ApiPropertyOptional({ description: 'a "有关" group: its members are chosen by the supervisor at import review' })
  @IsOptional()
  @IsBoolean()
  membersChosenAtReview?: boolean;
}

export class UpdateUnitDto {
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @MaxLength(200) fullName?: string;
  @ApiPropertyOptional({ enum: UNIT_KINDS }) @OptionalNotNull() @IsIn(UNIT_KINDS) kind?: UnitKind;
  @ApiPropertyOptional(ALIASES) @OptionalNotNull() @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @MaxLength(100, { each: true }) aliases?: string[];
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsUUID() parentId?: string | null;
  @ApiPropertyOptional() @OptionalNotNull() @IsBoolean() membersChosenAtReview?: boolean;
  @ApiPropertyOptional({ description: 'false once an admin has confirmed a unit an import created' }) @OptionalNotNull() @IsBoolean() needsReview?: boolean;
}

export class RenameUnitDto {
  @ApiProperty({ example: '市工业和信息化局', description: 'the new name; the old one stays an alias' }) @IsString() @MinLength(1) @MaxLength(100) name: string;
}

export class MergeUnitDto {
  @ApiProperty({ description: 'the unit that takes over (市工业和信息化委 → 市工业和信息化局)' }) @IsUUID() successorId: string;
}

export class RetireUnitDto {
  @ApiPropertyOptional({ description: 'needed when the unit still has open duties' }) @IsOptional() @IsUUID() successorId?: string;
}

export class GroupMembersDto {
  @ApiProperty({ description: 'the member units (or groups) of the group, replacing the current ones' })
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  memberIds: string[];
}

export class CreatePersonDto {
  @ApiProperty() @IsString() @Matches(/^[a-z0-9][a-z0-9._-]{1,49}$/, { message: 'username must be 2–50 of a-z, 0-9, . _ -' }) username: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) displayName: string;
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES as Role[]) role: Role;
  @ApiPropertyOptional() @IsOptional() @IsUUID() unitId?: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail() email?: string;
}

export class UpdatePersonDto {
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @MinLength(1) @MaxLength(100) displayName?: string;
  @ApiPropertyOptional({ enum: ROLES }) @OptionalNotNull() @IsIn(ROLES as Role[]) role?: Role;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsUUID() unitId?: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsEmail() email?: string | null;
}

export class CreateApiTokenDto {
  @ApiProperty({ description: "The system administrator's account the service acts as" }) @IsUUID() personId: string;
  @ApiProperty({ example: 'prometheus' }) @IsString() @MinLength(1) @MaxLength(100) name: string;
  @ApiProperty({ minimum: 1, maximum: 365, description: 'Every token expires' }) @IsInt() @Min(1) @Max(365) expiresInDays: number;
  @ApiProperty({ enum: API_TOKEN_SCOPES, isArray: true, example: ['metrics'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(3)
  @IsIn(API_TOKEN_SCOPES as ApiTokenScope[], { each: true })
  scopes: ApiTokenScope[];
}

export class AuditTrailQueryDto {
  @ApiPropertyOptional({ description: 'Rows after this place in the chain' })
  @IsOptional()
  @Matches(/^\d{1,18}$/, { message: 'afterSeq must be a row number' })
  afterSeq?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 1000 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
  @ApiPropertyOptional({ description: 'Actions starting with this, e.g. sign-in. or person.' }) @IsOptional() @IsString() @MaxLength(100) action?: string;
}

export class UnitsInChargeDto {
  @ApiProperty({ description: 'the units the leader is in charge of (分管), replacing the current ones' })
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  unitIds: string[];
}
