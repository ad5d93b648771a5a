import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The leader in charge (分管领导): leaders linked to the units they are in charge of, and plan heads (组长) named by the
 * plan's document number (so a head can be named before the plan is imported, and stays across its revisions).
 */
export class LeadersInCharge1795800002000 implements MigrationInterface {
  name = 'LeadersInCharge1795800002000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "leader_unit" ("person_id" uuid NOT NULL, "unit_id" uuid NOT NULL, CONSTRAINT "PK_leader_unit" PRIMARY KEY ("person_id", "unit_id"), CONSTRAINT "FK_leader_unit_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE, CONSTRAINT "FK_leader_unit_unit" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE CASCADE)`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_leader_unit_unit" ON "leader_unit" ("unit_id")`);
    await queryRunner.query(
      `CREATE TABLE "plan_head" ("doc_number" text NOT NULL, "person_id" uuid NOT NULL, CONSTRAINT "PK_plan_head" PRIMARY KEY ("doc_number", "person_id"), CONSTRAINT "FK_plan_head_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "plan_head"`);
    await queryRunner.query(`DROP TABLE "leader_unit"`);
  }
}
