/// <reference types="multer" />
import { Body, Controller, Get, Post, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiHeader, ApiTags } from '@nestjs/swagger';
import { ATTACHMENT_CONTENT_TYPES, ATTACHMENT_MAX_BYTES, AttachmentService } from '@duban/domain';
import { UuidParam } from '../common/uuid-param';
import { Me, Roles, type CurrentPerson } from '../auth/current-person';
import { IdempotentUpload, UploadIdempotencyInterceptor } from '../common/idempotency.interceptor';
import { AttachmentsService } from './attachments.service';
import { CarryAttachmentsDto } from './dto';

@ApiTags('attachments')
@ApiBearerAuth()
@Controller()
export class AttachmentsController {
  constructor(
    private readonly upload: AttachmentsService,
    private readonly attachments: AttachmentService,
  ) {}

  @Roles('reporter')
  @Post('reports/:reportId/attachments')
  @IdempotentUpload()
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: ATTACHMENT_MAX_BYTES, files: 1, fields: 0 } }), UploadIdempotencyInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary', description: `at most ${ATTACHMENT_MAX_BYTES} bytes; ${ATTACHMENT_CONTENT_TYPES.join(', ')}` } },
    },
  })
  add(@UuidParam('reportId') reportId: string, @UploadedFile() file: Express.Multer.File | undefined, @Me() me: CurrentPerson) {
    return this.upload.add(reportId, file, me);
  }

  /** A resubmission keeps the returned attempt's files the reporter did not remove: each is copied onto this report, once. */
  @Roles('reporter')
  @Post('reports/:reportId/attachments/carry')
  carry(@UuidParam('reportId') reportId: string, @Body() dto: CarryAttachmentsDto, @Me() me: CurrentPerson) {
    return this.attachments.carry({ reportId, attachmentIds: dto.attachmentIds }, { id: me.id, unitId: me.unitId });
  }

  @Get('reports/:reportId/attachments')
  list(@UuidParam('reportId') reportId: string, @Me() me: CurrentPerson) {
    return this.attachments.list(reportId, me);
  }

  @Get('attachments/:attachmentId')
  async download(@UuidParam('attachmentId') attachmentId: string, @Me() me: CurrentPerson): Promise<StreamableFile> {
    const { attachment, content } = await this.attachments.read(attachmentId, me);
    return new StreamableFile(content, {
      type: attachment.contentType,
      length: content.length,
      disposition: `attachment; filename*=UTF-8''${encodeURIComponent(attachment.fileName)}`,
    });
  }
}
