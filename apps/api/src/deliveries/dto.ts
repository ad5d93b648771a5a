import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { OptionalNotNull } from '../common/validation';
import type { DeliveryStatus } from '@duban/domain';

export const DELIVERY_STATUSES: DeliveryStatus[] = ['pending', 'sending', 'delivered', 'failed'];

export class DeliveryQueryDto {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES }) @IsOptional() @IsIn(DELIVERY_STATUSES) status?: DeliveryStatus;

  @ApiPropertyOptional({ description: 'Only the deliveries of this item' }) @IsOptional() @IsUUID() itemId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
}

export interface DeliveryResponseDto {
  id: string;
  key: string;
  notificationId: string;
  itemId: string | null;
  recipientId: string | null;
  unitId: string | null;
  channel: string;
  /** Webhook URLs without their query (robot access tokens). */
  target: string;
  kind: string;
  critical: boolean;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date;
  deliveredAt: Date | null;
  createdAt: Date;
}

export const CHANNEL_TYPES = ['email', 'webhook', 'wecom', 'dingtalk'] as const;

/** Kinds a channel takes: exact kinds (reminder.due), prefixes (reminder.*) or *. */
const KIND_PATTERN = /^(\*|[a-z][a-z0-9-]*(\.[a-z0-9-]+)*(\.\*)?)$/;

export class CreateChannelDto {
  @ApiPropertyOptional({ description: "A unit's channel (group robot, office mailbox); give unitId or personId" }) @IsOptional() @IsUUID() unitId?: string;
  @ApiPropertyOptional({ description: "A person's channel" }) @IsOptional() @IsUUID() personId?: string;
  @ApiProperty({ enum: CHANNEL_TYPES }) @IsIn(CHANNEL_TYPES) type: (typeof CHANNEL_TYPES)[number];
  @ApiPropertyOptional({ description: "Email address, or webhook / robot URL; a person's email may omit it (their own address)" })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  target?: string;
  @ApiPropertyOptional({ description: 'HMAC secret (generic webhook) or signing secret (DingTalk); never shown again' })
  @IsOptional()
  @IsString()
  @MinLength(8)
  @MaxLength(200)
  secret?: string;
  @ApiProperty({ example: ['reminder.*', 'report.returned'], description: 'Escalations go to every channel whatever this says' })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Matches(KIND_PATTERN, { each: true, message: 'kinds: each must be a kind, a prefix like reminder.* or *' })
  kinds: string[];
}

export class UpdateChannelDto {
  @ApiPropertyOptional() @OptionalNotNull() @IsBoolean() enabled?: boolean;
  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Matches(KIND_PATTERN, { each: true, message: 'kinds: each must be a kind, a prefix like reminder.* or *' })
  kinds?: string[];
}

export class ChannelQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID() unitId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() personId?: string;
}

export class UnitDigestDto {
  @ApiProperty({ description: "true: the unit's reminders of a day go out as one message" }) @IsBoolean() digest: boolean;
  @ApiPropertyOptional({ minimum: 1, maximum: 86400, default: 3600, description: 'How long the first reminder waits for others' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(86400)
  windowSeconds?: number;
}

export interface ChannelResponseDto {
  id: string;
  unitId: string | null;
  personId: string | null;
  type: string;
  target: string | null;
  hasSecret: boolean;
  kinds: string[];
  enabled: boolean;
  createdAt: Date;
}
