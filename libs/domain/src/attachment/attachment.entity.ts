import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A file attached to a report (附件); its bytes live in an AttachmentStorage, not in this row. */
@Entity('attachment')
export class Attachment {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Column({ type: 'uuid', name: 'report_id' }) reportId: string;

  @Column({ type: 'uuid', name: 'item_id' }) itemId: string;

  @Column({ type: 'text', name: 'file_name' }) fileName: string;

  @Column({ type: 'text', name: 'content_type' }) contentType: string;

  @Column({ type: 'int', name: 'size_bytes' }) sizeBytes: number;

  @Column({ type: 'text' }) sha256: string;

  /** Which storage holds the bytes (postgres, filesystem). */
  @Column({ type: 'text' }) storage: string;

  @Column({ type: 'uuid', name: 'uploaded_by' }) uploadedBy: string;

  /** The earlier attempt's file this one was kept from, when a resubmission carried it over. */
  @Column({ type: 'uuid', name: 'carried_from', nullable: true }) carriedFrom: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
}
