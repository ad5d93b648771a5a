import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Tables the API needs beside the workflow's records: idempotency, queue claims, attachments, API tokens. */
export class ApiOperations1795754780240 implements MigrationInterface {
  name = 'ApiOperations1795754780240';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "idempotency_record" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "scope" text NOT NULL, "method" text NOT NULL, "path" text NOT NULL, "key" text NOT NULL, "request_hash" text NOT NULL, "state" text NOT NULL DEFAULT 'in-progress', "status_code" integer, "response" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "completed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_idempotency_record" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_idempotency_record_scope_key" ON "idempotency_record" ("scope", "method", "path", "key")`);
    await queryRunner.query(`CREATE INDEX "IDX_idempotency_record_created_at" ON "idempotency_record" ("created_at")`);

    await queryRunner.query(
      `CREATE TABLE "report_claim" ("report_id" uuid NOT NULL, "claimed_by" uuid NOT NULL, "claimed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_report_claim" PRIMARY KEY ("report_id"), CONSTRAINT "FK_report_claim_report" FOREIGN KEY ("report_id") REFERENCES "report"("id") ON DELETE CASCADE, CONSTRAINT "FK_report_claim_person" FOREIGN KEY ("claimed_by") REFERENCES "person"("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_report_queue" ON "report" ("status", "submitted_at", "id")`);

    await queryRunner.query(
      `CREATE TABLE "attachment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "report_id" uuid NOT NULL, "item_id" uuid NOT NULL, "file_name" text NOT NULL, "content_type" text NOT NULL, "size_bytes" integer NOT NULL, "sha256" text NOT NULL, "storage" text NOT NULL, "uploaded_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_attachment" PRIMARY KEY ("id"), CONSTRAINT "FK_attachment_report" FOREIGN KEY ("report_id") REFERENCES "report"("id") ON DELETE CASCADE)`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_attachment_report" ON "attachment" ("report_id")`);
    await queryRunner.query(
      `CREATE TABLE "attachment_content" ("attachment_id" uuid NOT NULL, "content" bytea NOT NULL, CONSTRAINT "PK_attachment_content" PRIMARY KEY ("attachment_id"), CONSTRAINT "FK_attachment_content_attachment" FOREIGN KEY ("attachment_id") REFERENCES "attachment"("id") ON DELETE CASCADE)`,
    );

    await queryRunner.query(
      `CREATE TABLE "api_token" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "person_id" uuid NOT NULL, "token_hash" text NOT NULL, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "last_used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_api_token" PRIMARY KEY ("id"), CONSTRAINT "UQ_api_token_hash" UNIQUE ("token_hash"), CONSTRAINT "FK_api_token_person" FOREIGN KEY ("person_id") REFERENCES "person"("id"))`,
    );

    await queryRunner.query(`CREATE INDEX "IDX_notification_unread" ON "notification" ("recipient_id") WHERE "read_at" IS NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_notification_unread"`);
    await queryRunner.query(`DROP TABLE "api_token"`);
    await queryRunner.query(`DROP TABLE "attachment_content"`);
    await queryRunner.query(`DROP TABLE "attachment"`);
    await queryRunner.query(`DROP INDEX "IDX_report_queue"`);
    await queryRunner.query(`DROP TABLE "report_claim"`);
    await queryRunner.query(`DROP TABLE "idempotency_record"`);
  }
}
