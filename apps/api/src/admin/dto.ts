import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { ROLES, type Role } from '@duban/domain';
import { OptionalNotNull } from '../common/validation';

export class CreateUnitDto {
  @ApiProperty({ example: '市工业和信息化委' }) @IsString() @MinLength(1) @MaxLength(100) name: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) fullName?: string;
  @ApiPropertyOptional({ example: 'department' }) @IsOptional() @IsIn(['department', 'government', 'party', 'group']) kind?: string;
}

export class UpdateUnitDto {
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @MaxLength(200) fullName?: string;
  @ApiPropertyOptional() @OptionalNotNull() @IsIn(['department', 'government', 'party', 'group']) kind?: string;
  @ApiPropertyOptional({ description: 'false once an admin has confirmed a unit an import created' }) @OptionalNotNull() @IsBoolean() needsReview?: boolean;
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
  @ApiProperty({ description: 'The person the machine client acts as' }) @IsUUID() personId: string;
  @ApiProperty({ example: 'nightly export' }) @IsString() @MinLength(1) @MaxLength(100) name: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 3650 }) @IsOptional() @IsInt() @Min(1) @Max(3650) expiresInDays?: number;
}
