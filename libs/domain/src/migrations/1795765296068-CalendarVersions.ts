import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The working-day calendar versions applied to the running supervision: a worker that starts on a version not
 * applied before tells every item workflow to recompute its open period's dates, then records it here.
 */
export class CalendarVersions1795765296068 implements MigrationInterface {
  name = 'CalendarVersions1795765296068';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "calendar_version" ("version" text NOT NULL, "years" jsonb NOT NULL DEFAULT '[]', "workflows_signalled" integer NOT NULL DEFAULT 0, "first_applied_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "applied_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_calendar_version" PRIMARY KEY ("version"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_calendar_version_applied_at" ON "calendar_version" ("applied_at")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_calendar_version_applied_at"`);
    await queryRunner.query(`DROP TABLE "calendar_version"`);
  }
}
