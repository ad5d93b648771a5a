import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Supervision offices (督查室): several can work in one installation. A plan belongs to an office, a supervisor to an
 * office (office_member). Plans and supervisors from before keep no office: a supervisor without one sees the plans
 * without one, as before.
 */
export class SupervisionOffices1795800003000 implements MigrationInterface {
  name = 'SupervisionOffices1795800003000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "office" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "unit_id" uuid, "separation_of_duties" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_office" PRIMARY KEY ("id"), CONSTRAINT "UQ_office_name" UNIQUE ("name"), CONSTRAINT "FK_office_unit" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE NO ACTION)`,
    );
    await queryRunner.query(
      `CREATE TABLE "office_member" ("person_id" uuid NOT NULL, "office_id" uuid NOT NULL, CONSTRAINT "PK_office_member" PRIMARY KEY ("person_id"), CONSTRAINT "FK_office_member_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE, CONSTRAINT "FK_office_member_office" FOREIGN KEY ("office_id") REFERENCES "office"("id") ON DELETE CASCADE)`,
    );
    await queryRunner.query(`ALTER TABLE "plan" ADD "office_id" uuid`);
    await queryRunner.query(`ALTER TABLE "plan" ADD CONSTRAINT "FK_plan_office" FOREIGN KEY ("office_id") REFERENCES "office"("id") ON DELETE NO ACTION`);
    await queryRunner.query(`CREATE INDEX "IDX_plan_office" ON "plan" ("office_id")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_plan_office"`);
    await queryRunner.query(`ALTER TABLE "plan" DROP CONSTRAINT "FK_plan_office"`);
    await queryRunner.query(`ALTER TABLE "plan" DROP COLUMN "office_id"`);
    await queryRunner.query(`DROP TABLE "office_member"`);
    await queryRunner.query(`DROP TABLE "office"`);
  }
}
