import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Groups resolved at activation: a duty a group holds becomes one duty per member unit, each remembering the group it
 * came through (via_group_id); the members of a "有关" group are the supervisor's choice for each item.
 */
export class GroupDuties1795800001000 implements MigrationInterface {
  name = 'GroupDuties1795800001000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "item_unit" ADD "via_group_id" uuid`);
    await queryRunner.query(
      `ALTER TABLE "item_unit" ADD CONSTRAINT "FK_item_unit_via_group" FOREIGN KEY ("via_group_id") REFERENCES "unit"("id") ON DELETE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE TABLE "item_group_choice" ("item_id" uuid NOT NULL, "group_id" uuid NOT NULL, "unit_id" uuid NOT NULL, CONSTRAINT "PK_item_group_choice" PRIMARY KEY ("item_id", "group_id", "unit_id"), CONSTRAINT "FK_item_group_choice_item" FOREIGN KEY ("item_id") REFERENCES "item"("id") ON DELETE CASCADE, CONSTRAINT "FK_item_group_choice_group" FOREIGN KEY ("group_id") REFERENCES "unit"("id") ON DELETE NO ACTION, CONSTRAINT "FK_item_group_choice_unit" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE NO ACTION)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "item_group_choice"`);
    await queryRunner.query(`DELETE FROM "item_unit" WHERE "via_group_id" IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE "item_unit" DROP CONSTRAINT "FK_item_unit_via_group"`);
    await queryRunner.query(`ALTER TABLE "item_unit" DROP COLUMN "via_group_id"`);
  }
}
