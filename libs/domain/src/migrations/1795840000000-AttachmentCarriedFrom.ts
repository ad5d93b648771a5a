import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A resubmission keeps the returned attempt's files unless the reporter removes them: each kept file is a new row of
 * the new report, naming the file it was carried from. The unique index makes carrying the same file twice (a retry,
 * a double click) find the first copy.
 */
export class AttachmentCarriedFrom1795840000000 implements MigrationInterface {
  name = 'AttachmentCarriedFrom1795840000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "attachment" ADD "carried_from" uuid REFERENCES "attachment" ("id")`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_attachment_report_carried_from" ON "attachment" ("report_id", "carried_from") WHERE "carried_from" IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "UQ_attachment_report_carried_from"`);
    await queryRunner.query(`ALTER TABLE "attachment" DROP COLUMN "carried_from"`);
  }
}
