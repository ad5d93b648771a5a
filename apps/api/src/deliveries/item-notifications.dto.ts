import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { ROLES } from '@duban/domain';
import { DELIVERY_STATUSES } from './dto';

export class ItemNotificationsQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 500, description: 'The newest this many notifications' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

export class NotificationRecipientDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ROLES }) role: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) unitId: string | null;
  @ApiProperty({ type: String, nullable: true }) unitName: string | null;
}

/** One send of the notification on an outside channel (email, webhook, group robot): the outbox row's state. */
export class NotificationDeliveryStateDto {
  @ApiProperty({ enum: ['email', 'webhook', 'wecom', 'dingtalk'] }) channel: string;
  @ApiProperty({ type: String, nullable: true, description: 'Address or robot URL without its query; only for supervisors, leaders and admins' })
  target: string | null;
  @ApiProperty({ type: String, nullable: true, description: "Set when the message went to a unit's channel (group robot)" }) unitName: string | null;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status: string;
  @ApiProperty() attempts: number;
  @ApiProperty({ type: String, nullable: true, description: 'Only for supervisors, leaders and admins' }) lastError: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deliveredAt: Date | null;
}

/** A message Duban sent about the item to one person: a reminder, a return, an urge or notice, a closure. */
export class ItemNotificationResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'reminder.open', description: 'reminder.open, reminder.pre-due, reminder.due, report.returned, escalation.*, closure.approved, …' })
  kind: string;
  @ApiProperty({ type: String, nullable: true, example: '2026Q4' }) periodKey: string | null;
  @ApiProperty({ description: 'The same for every recipient of one send (one reminder to a unit’s three reporters is one step)' }) step: string;
  @ApiProperty() subject: string;
  @ApiProperty() body: string;
  @ApiProperty({ type: NotificationRecipientDto, nullable: true, description: 'null when the person no longer exists' })
  recipient: NotificationRecipientDto | null;
  @ApiProperty({ enum: ['inbox', 'email', 'webhook'], description: 'inbox for every message the workflows send; outside channels are in deliveries' })
  channel: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the recipient read it; only to the recipient and oversight roles' })
  readAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: [NotificationDeliveryStateDto] }) deliveries: NotificationDeliveryStateDto[];
}
