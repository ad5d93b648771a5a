import { Module } from '@nestjs/common';
import { AttachmentsController } from './attachments.controller';
import { AttachmentsService } from './attachments.service';
import { QueueController } from './queue.controller';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

@Module({ controllers: [ReportsController, QueueController, AttachmentsController], providers: [ReportsService, AttachmentsService] })
export class ReportsModule {}
