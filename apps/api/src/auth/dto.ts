import { ApiProperty } from '@nestjs/swagger';
import { IsJWT, IsString, MaxLength, MinLength } from 'class-validator';

export class SignInDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) username: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) password: string;
}

export class RefreshDto {
  @ApiProperty() @IsJWT() refreshToken: string;
}

export class TokensResponse {
  @ApiProperty() accessToken: string;
  @ApiProperty() refreshToken: string;
  @ApiProperty() expiresIn: number;
}
