import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';

export class PendingRequestsQueryDto {
  @ApiPropertyOptional({ description: 'Only the requests of this plan' }) @IsOptional() @IsUUID() planId?: string;
}

/** An extension (延期) or closure (办结) request that waits for someone: a supervisor's decision, or a leader's sign-off. */
export class PendingRequestResponseDto {
  @ApiProperty({ enum: ['extension', 'closure'] }) kind: 'extension' | 'closure';
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['pending', 'requested', 'approved'], description: 'extension: pending; closure: requested (supervisor) or approved (leader sign-off)' })
  status: string;
  @ApiProperty({ enum: ['supervisor', 'leader'], description: 'Who acts next' }) waitingFor: 'supervisor' | 'leader';
  @ApiProperty({ format: 'uuid' }) itemId: string;
  @ApiProperty() itemCode: string;
  @ApiProperty() itemTitle: string;
  @ApiProperty({ format: 'uuid' }) planId: string;
  @ApiProperty({ type: String, nullable: true, description: 'The period an extension is for' }) periodKey: string | null;
  @ApiProperty() unitName: string;
  @ApiProperty({ type: String, nullable: true }) requestedBy: string | null;
  @ApiProperty() reason: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) currentDueOn: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) requestedDueOn: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'An approved closure closes after this day unless the leader instructs' })
  signOffBy: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}
