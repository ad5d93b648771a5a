import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The item timeline reads an item's notifications newest first (GET /items/:itemId/notifications), then their
 * deliveries: without these indexes both were whole-table scans of tables that grow with every reminder sent.
 */
export class ItemNotificationIndexes1795766423609 implements MigrationInterface {
  name = 'ItemNotificationIndexes1795766423609';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_notification_item_created" ON "notification" ("item_id", "created_at") WHERE "item_id" IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "IDX_notification_delivery_notification" ON "notification_delivery" ("notification_id")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_notification_delivery_notification"`);
    await queryRunner.query(`DROP INDEX "IDX_notification_item_created"`);
  }
}
