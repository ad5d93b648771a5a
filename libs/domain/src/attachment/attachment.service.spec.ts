import type { DataSource } from 'typeorm';
import { InvalidInputError } from '../errors';
import { ATTACHMENT_MAX_BYTES, AttachmentService } from './attachment.service';

/** The checks that run before any database work: a fake DataSource that fails if touched proves they come first. */
const untouchable = new Proxy(
  {},
  {
    get: () => {
      throw new Error('the database must not be touched');
    },
  },
) as DataSource;
const service = new AttachmentService(untouchable);
const uploader = { id: 'p', unitId: 'u' };
const add = (contentType: string, content: Buffer) => service.add({ reportId: 'r', fileName: 'f', contentType, content }, uploader);

describe('attachment checks', () => {
  it.each([
    ['text/html', Buffer.from('<html>')],
    ['application/x-msdownload', Buffer.from('MZ')],
    ['', Buffer.from('x')],
  ])('refuses the content type %s', async (type, content) => {
    await expect(add(type, content)).rejects.toThrow(/content type/);
  });

  it.each([
    ['application/pdf', Buffer.from('MZ\x90\x00 not a pdf')],
    ['image/png', Buffer.from('%PDF-1.4')],
    ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', Buffer.from('%PDF-1.4')],
    ['text/plain', Buffer.from([0x61, 0x00, 0x62])],
  ])('refuses a %s whose bytes say otherwise', async (type, content) => {
    await expect(add(type, content)).rejects.toThrow(/the content is not/);
  });

  it('refuses empty and oversize files, naming the field', async () => {
    await expect(add('application/pdf', Buffer.alloc(0))).rejects.toMatchObject({ field: 'file' });
    const big = Buffer.concat([Buffer.from('%PDF-'), Buffer.alloc(ATTACHMENT_MAX_BYTES)]);
    await expect(add('application/pdf', big)).rejects.toBeInstanceOf(InvalidInputError);
  });
});
