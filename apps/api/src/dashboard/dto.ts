import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { BULLETIN_LOCALES, type BulletinLocale } from '@duban/domain';

export class BulletinQueryDto {
  @ApiPropertyOptional({ enum: ['json', 'html', 'xlsx'], default: 'json' }) @IsOptional() @IsIn(['json', 'html', 'xlsx']) format?: 'json' | 'html' | 'xlsx';

  @ApiPropertyOptional({ enum: Object.keys(BULLETIN_LOCALES), default: 'zh-CN' }) @IsOptional() @IsIn(Object.keys(BULLETIN_LOCALES)) locale?: BulletinLocale;
}
