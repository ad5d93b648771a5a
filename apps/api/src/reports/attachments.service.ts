/// <reference types="multer" />
import { BadRequestException, Injectable } from '@nestjs/common';
import { AttachmentService, type Attachment } from '@duban/domain';
import type { CurrentPerson } from '../auth/current-person';

@Injectable()
export class AttachmentsService {
  constructor(private readonly attachments: AttachmentService) {}

  add(reportId: string, file: Express.Multer.File | undefined, me: CurrentPerson): Promise<Attachment> {
    if (!file)
      throw new BadRequestException({ message: 'file: is required (multipart/form-data field "file")', problems: [{ field: 'file', reason: 'is required' }] });
    return this.attachments.add(
      { reportId, fileName: Buffer.from(file.originalname, 'latin1').toString('utf8'), contentType: file.mimetype, content: file.buffer },
      { id: me.id, unitId: me.unitId },
    );
  }
}
