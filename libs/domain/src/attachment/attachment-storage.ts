import type { EntityManager } from 'typeorm';

/** Where attachment bytes are kept; the metadata row always lives in Postgres. */
export interface AttachmentStorage {
  readonly name: string;
  /** Written inside the transaction that inserts the metadata row, so a failure leaves neither behind. */
  put(tx: EntityManager, attachmentId: string, content: Buffer): Promise<void>;
  get(tx: EntityManager, attachmentId: string): Promise<Buffer | null>;
}

/** Keeps the bytes in a bytea column beside the metadata: one backup, one transaction. */
export class PostgresAttachmentStorage implements AttachmentStorage {
  readonly name = 'postgres';

  async put(tx: EntityManager, attachmentId: string, content: Buffer): Promise<void> {
    await tx.query('INSERT INTO attachment_content (attachment_id, content) VALUES ($1, $2)', [attachmentId, content]);
  }

  async get(tx: EntityManager, attachmentId: string): Promise<Buffer | null> {
    const rows: Array<{ content: Buffer }> = await tx.query('SELECT content FROM attachment_content WHERE attachment_id = $1', [attachmentId]);
    return rows[0]?.content ?? null;
  }
}
