import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ForbiddenError } from '../access/forbidden.error';
import { assertMayReadItem, type Reader } from '../access/item-access';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors';
import { audit } from '../plan/plan.service';
import { Report } from '../report/report.entity';
import { Attachment } from './attachment.entity';
import { PostgresAttachmentStorage, type AttachmentStorage } from './attachment-storage';

export const ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024;

/** Content types a report may carry, each with the leading bytes a genuine file of that type starts with. */
const SIGNATURES: Record<string, (b: Buffer) => boolean> = {
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (b) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': isZip,
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': isZip,
  'application/msword': isOle,
  'application/vnd.ms-excel': isOle,
  'text/plain': (b) => !b.includes(0) && Buffer.from(b.toString('utf8'), 'utf8').equals(b),
};

export const ATTACHMENT_CONTENT_TYPES = Object.keys(SIGNATURES);

export interface NewAttachment {
  reportId: string;
  fileName: string;
  contentType: string;
  content: Buffer;
}

export interface AttachmentContent {
  attachment: Attachment;
  content: Buffer;
}

export class AttachmentService {
  constructor(
    private readonly db: DataSource,
    private readonly storage: AttachmentStorage = new PostgresAttachmentStorage(),
  ) {}

  /** The reporter's unit must be the report's; only a report still waiting for review takes attachments. */
  async add(input: NewAttachment, uploader: { id: string; unitId: string | null }): Promise<Attachment> {
    const contentType = input.contentType.split(';')[0].trim().toLowerCase();
    const signature = SIGNATURES[contentType];
    if (!signature)
      throw new InvalidInputError(`file: content type ${contentType || '(none)'} is not accepted; use one of ${ATTACHMENT_CONTENT_TYPES.join(', ')}`, 'file');
    if (input.content.length === 0) throw new InvalidInputError('file: the file is empty', 'file');
    if (input.content.length > ATTACHMENT_MAX_BYTES) throw new InvalidInputError(`file: larger than ${ATTACHMENT_MAX_BYTES} bytes`, 'file');
    if (!signature(input.content)) throw new InvalidInputError(`file: the content is not a ${contentType} file`, 'file');
    return this.db.transaction(async (tx) => {
      const report = await tx.getRepository(Report).findOne({ where: { id: input.reportId }, lock: { mode: 'pessimistic_read' } });
      if (!report) throw new NotFoundError('report', input.reportId);
      if (report.unitId !== uploader.unitId) throw new ForbiddenError('only the unit that submitted the report attaches files to it');
      if (report.status !== 'pending')
        throw new ConflictError(`report ${report.id} is ${report.status}; attach files while it waits for review, or to the resubmission`, report.status);
      const attachment = await tx.getRepository(Attachment).save(
        tx.getRepository(Attachment).create({
          reportId: report.id,
          itemId: report.itemId,
          fileName: input.fileName.slice(0, 255),
          contentType,
          sizeBytes: input.content.length,
          sha256: createHash('sha256').update(input.content).digest('hex'),
          storage: this.storage.name,
          uploadedBy: uploader.id,
        }),
      );
      await this.storage.put(tx, attachment.id, input.content);
      await audit(
        tx,
        uploader.id,
        'attachment.added',
        'attachment',
        attachment.id,
        null,
        { reportId: report.id, fileName: attachment.fileName, sizeBytes: attachment.sizeBytes, sha256: attachment.sha256 },
        report.itemId,
      );
      return attachment;
    });
  }

  /**
   * Keeps files of an earlier attempt of the same period on this (resubmitted, pending) report: each is copied, bytes
   * included, once — carrying a file already carried returns the first copy.
   */
  async carry(input: { reportId: string; attachmentIds: string[] }, uploader: { id: string; unitId: string | null }): Promise<Attachment[]> {
    return this.db.transaction(async (tx) => {
      const report = await tx.getRepository(Report).findOne({ where: { id: input.reportId }, lock: { mode: 'pessimistic_read' } });
      if (!report) throw new NotFoundError('report', input.reportId);
      if (report.unitId !== uploader.unitId) throw new ForbiddenError('only the unit that submitted the report attaches files to it');
      if (report.status !== 'pending')
        throw new ConflictError(`report ${report.id} is ${report.status}; files are kept on a resubmission while it waits for review`, report.status);
      const carried: Attachment[] = [];
      for (const sourceId of [...new Set(input.attachmentIds)]) {
        const earlier: Array<Attachment & { attempt: number }> = await tx.query(
          `SELECT a.id, a.file_name AS "fileName", a.content_type AS "contentType", a.size_bytes AS "sizeBytes", a.sha256, r.attempt
             FROM attachment a JOIN report r ON r.id = a.report_id WHERE a.id = $1 AND r.period_id = $2`,
          [sourceId, report.periodId],
        );
        const source = earlier[0];
        if (!source || source.attempt >= report.attempt)
          throw new InvalidInputError(`attachmentIds: ${sourceId} is no file of an earlier attempt of this report's period`, 'attachmentIds');
        const existing = await tx.getRepository(Attachment).findOneBy({ reportId: report.id, carriedFrom: source.id });
        if (existing) {
          carried.push(existing);
          continue;
        }
        const content = await this.storage.get(tx, source.id);
        if (!content) throw new NotFoundError('attachment content', source.id);
        const attachment = await tx.getRepository(Attachment).save(
          tx.getRepository(Attachment).create({
            reportId: report.id,
            itemId: report.itemId,
            fileName: source.fileName,
            contentType: source.contentType,
            sizeBytes: source.sizeBytes,
            sha256: source.sha256,
            storage: this.storage.name,
            uploadedBy: uploader.id,
            carriedFrom: source.id,
          }),
        );
        await this.storage.put(tx, attachment.id, content);
        await audit(
          tx,
          uploader.id,
          'attachment.carried',
          'attachment',
          attachment.id,
          null,
          { reportId: report.id, fileName: attachment.fileName, carriedFrom: source.id, sha256: attachment.sha256 },
          report.itemId,
        );
        carried.push(attachment);
      }
      return carried;
    });
  }

  async list(reportId: string, reader: Reader): Promise<Attachment[]> {
    const report = await this.db.getRepository(Report).findOneBy({ id: reportId });
    if (!report) throw new NotFoundError('report', reportId);
    await assertMayReadItem(this.db, report.itemId, reader);
    return this.db.getRepository(Attachment).find({ where: { reportId }, order: { createdAt: 'ASC' } });
  }

  async read(attachmentId: string, reader: Reader): Promise<AttachmentContent> {
    const attachment = await this.db.getRepository(Attachment).findOneBy({ id: attachmentId });
    if (!attachment) throw new NotFoundError('attachment', attachmentId);
    await assertMayReadItem(this.db, attachment.itemId, reader);
    const content = await this.storage.get(this.db.manager, attachmentId);
    if (!content) throw new NotFoundError('attachment content', attachmentId);
    return { attachment, content };
  }
}

function isZip(b: Buffer): boolean {
  return b.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
}

function isOle(b: Buffer): boolean {
  return b.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
}
