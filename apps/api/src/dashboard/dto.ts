import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { BULLETIN_LOCALES, REGISTER_LOCALES, type BulletinLocale, type RegisterLocale } from '@duban/domain';

export class BulletinQueryDto {
  @ApiPropertyOptional({ enum: ['json', 'html', 'xlsx'], default: 'json' }) @IsOptional() @IsIn(['json', 'html', 'xlsx']) format?: 'json' | 'html' | 'xlsx';

  @ApiPropertyOptional({ enum: Object.keys(BULLETIN_LOCALES), default: 'zh-CN' }) @IsOptional() @IsIn(Object.keys(BULLETIN_LOCALES)) locale?: BulletinLocale;
}

export class RegisterQueryDto {
  @ApiPropertyOptional({ enum: ['json', 'xlsx'], default: 'json' }) @IsOptional() @IsIn(['json', 'xlsx']) format?: 'json' | 'xlsx';

  @ApiPropertyOptional({ enum: Object.keys(REGISTER_LOCALES), default: 'zh-CN' }) @IsOptional() @IsIn(Object.keys(REGISTER_LOCALES)) locale?: RegisterLocale;
}
