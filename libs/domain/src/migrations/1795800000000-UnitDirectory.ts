import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The unit directory gets structure: aliases, a parent, retirement with a successor, and groups as named sets of
 * units. Existing units keep their ids (every record points at them); a "区政府" the import recorded as a government
 * becomes a district government, and the "有关"/"相关" groups wait for their members to be chosen at review.
 */
export class UnitDirectory1795800000000 implements MigrationInterface {
  name = 'UnitDirectory1795800000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "unit" ADD "aliases" text array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE "unit" ADD "parent_id" uuid`);
    await queryRunner.query(`ALTER TABLE "unit" ADD "status" text NOT NULL DEFAULT 'active'`);
    await queryRunner.query(`ALTER TABLE "unit" ADD "successor_id" uuid`);
    await queryRunner.query(`ALTER TABLE "unit" ADD "retired_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "unit" ADD "members_chosen_at_review" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "unit" ADD CONSTRAINT "FK_unit_parent" FOREIGN KEY ("parent_id") REFERENCES "unit"("id") ON DELETE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "unit" ADD CONSTRAINT "FK_unit_successor" FOREIGN KEY ("successor_id") REFERENCES "unit"("id") ON DELETE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "unit" ADD CONSTRAINT "CHK_unit_status" CHECK ("status" IN ('active', 'retired'))`);
    await queryRunner.query(
      `ALTER TABLE "unit" ADD CONSTRAINT "CHK_unit_not_own_parent" CHECK ("parent_id" IS DISTINCT FROM "id" AND "successor_id" IS DISTINCT FROM "id")`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_unit_aliases" ON "unit" USING GIN ("aliases")`);
    await queryRunner.query(
      `CREATE TABLE "unit_group_member" ("group_id" uuid NOT NULL, "member_id" uuid NOT NULL, CONSTRAINT "PK_unit_group_member" PRIMARY KEY ("group_id", "member_id"), CONSTRAINT "CHK_unit_group_not_itself" CHECK ("group_id" <> "member_id"), CONSTRAINT "FK_unit_group_member_group" FOREIGN KEY ("group_id") REFERENCES "unit"("id") ON DELETE CASCADE, CONSTRAINT "FK_unit_group_member_member" FOREIGN KEY ("member_id") REFERENCES "unit"("id") ON DELETE CASCADE)`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_unit_group_member_member" ON "unit_group_member" ("member_id")`);
    // Carry the existing directory over.
    await queryRunner.query(`UPDATE "unit" SET "kind" = 'district-government' WHERE "kind" = 'government' AND "name" ~ '区(人民)?政府$' AND "name" !~ '^各'`);
    await queryRunner.query(
      `UPDATE "unit" SET "kind" = 'other' WHERE "kind" NOT IN ('government', 'department', 'party', 'district-government', 'street', 'soe', 'other', 'group')`,
    );
    await queryRunner.query(`UPDATE "unit" SET "members_chosen_at_review" = true WHERE "kind" = 'group' AND ("name" ~ '有关|相关|所在')`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`UPDATE "unit" SET "kind" = 'government' WHERE "kind" = 'district-government'`);
    await queryRunner.query(`DROP TABLE "unit_group_member"`);
    await queryRunner.query(`DROP INDEX "IDX_unit_aliases"`);
    await queryRunner.query(`ALTER TABLE "unit" DROP CONSTRAINT "CHK_unit_not_own_parent"`);
    await queryRunner.query(`ALTER TABLE "unit" DROP CONSTRAINT "CHK_unit_status"`);
    await queryRunner.query(`ALTER TABLE "unit" DROP CONSTRAINT "FK_unit_successor"`);
    await queryRunner.query(`ALTER TABLE "unit" DROP CONSTRAINT "FK_unit_parent"`);
    await queryRunner.query(`ALTER TABLE "unit" DROP COLUMN "members_chosen_at_review"`);
    await queryRunner.query(`ALTER TABLE "unit" DROP COLUMN "retired_at"`);
    await queryRunner.query(`ALTER TABLE "unit" DROP COLUMN "successor_id"`);
    await queryRunner.query(`ALTER TABLE "unit" DROP COLUMN "status"`);
    await queryRunner.query(`ALTER TABLE "unit" DROP COLUMN "parent_id"`);
    await queryRunner.query(`ALTER TABLE "unit" DROP COLUMN "aliases"`);
  }
}
