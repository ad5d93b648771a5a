import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
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
