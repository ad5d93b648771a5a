import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class SignInDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) username: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) password: string;
  @ApiPropertyOptional({ description: 'true (the console): the refresh token goes into an HttpOnly cookie instead of the answer' })
  @IsOptional()
  @IsBoolean()
  cookie?: boolean;
}

export class RefreshDto {
  @ApiPropertyOptional({ description: 'Absent when the refresh token is in the cookie (then the X-CSRF-Token header must match the duban_csrf cookie)' })
  @IsOptional()
  @IsString()
  @Matches(/^dbr_[A-Za-z0-9_-]{43}$/, { message: 'refreshToken must be a refresh token' })
  refreshToken?: string;
}

export class ChangePasswordDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) currentPassword: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) newPassword: string;
}

export class TokensResponse {
  @ApiProperty() accessToken: string;
  @ApiPropertyOptional({ description: 'Absent when it was set as a cookie' }) refreshToken?: string;
  @ApiProperty() expiresIn: number;
}

export class SignedOutResponse {
  @ApiProperty({ description: 'How many sessions this ended' }) ended: number;
}
