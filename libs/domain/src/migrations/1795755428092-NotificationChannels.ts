import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Delivery of notifications beyond the inbox: channels per unit and per person, a unit's digest setting,
 * the outbox's fan-out marks and one delivery row per (notification, channel, target) under a unique key.
 */
export class NotificationChannels1795755428092 implements MigrationInterface {
  name = 'NotificationChannels1795755428092';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "notification_channel" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "unit_id" uuid, "person_id" uuid, "type" text NOT NULL, "target" text, "secret" text, "kinds" jsonb NOT NULL DEFAULT '["*"]', "enabled" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_notification_channel" PRIMARY KEY ("id"), CONSTRAINT "CHK_notification_channel_owner" CHECK (("unit_id" IS NULL) <> ("person_id" IS NULL)), CONSTRAINT "CHK_notification_channel_type" CHECK ("type" IN ('email', 'webhook', 'wecom', 'dingtalk')), CONSTRAINT "FK_notification_channel_unit" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE CASCADE, CONSTRAINT "FK_notification_channel_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE)`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_notification_channel_unit" ON "notification_channel" ("unit_id") WHERE "unit_id" IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "IDX_notification_channel_person" ON "notification_channel" ("person_id") WHERE "person_id" IS NOT NULL`);

    await queryRunner.query(
      `CREATE TABLE "unit_notification_setting" ("unit_id" uuid NOT NULL, "digest" boolean NOT NULL DEFAULT false, "digest_window_seconds" integer NOT NULL DEFAULT 3600, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_unit_notification_setting" PRIMARY KEY ("unit_id"), CONSTRAINT "FK_unit_notification_setting_unit" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE CASCADE)`,
    );

    await queryRunner.query(
      `CREATE TABLE "notification_fanout" ("notification_id" uuid NOT NULL, "deliveries" integer NOT NULL, "fanned_out_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_notification_fanout" PRIMARY KEY ("notification_id"), CONSTRAINT "FK_notification_fanout_notification" FOREIGN KEY ("notification_id") REFERENCES "notification"("id") ON DELETE CASCADE)`,
    );

    await queryRunner.query(
      `CREATE TABLE "notification_delivery" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "key" text NOT NULL, "notification_id" uuid NOT NULL, "item_id" uuid, "recipient_id" uuid, "unit_id" uuid, "channel_id" uuid, "channel" text NOT NULL, "target" text NOT NULL, "kind" text NOT NULL, "critical" boolean NOT NULL DEFAULT false, "digest_key" text, "batch_key" text, "status" text NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT 0, "last_error" text, "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "delivered_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_notification_delivery_key" UNIQUE ("key"), CONSTRAINT "PK_notification_delivery" PRIMARY KEY ("id"), CONSTRAINT "CHK_notification_delivery_status" CHECK ("status" IN ('pending', 'sending', 'delivered', 'failed')), CONSTRAINT "FK_notification_delivery_notification" FOREIGN KEY ("notification_id") REFERENCES "notification"("id") ON DELETE CASCADE, CONSTRAINT "FK_notification_delivery_channel" FOREIGN KEY ("channel_id") REFERENCES "notification_channel"("id") ON DELETE SET NULL)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_notification_delivery_due" ON "notification_delivery" ("next_attempt_at") WHERE "status" IN ('pending', 'sending')`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_notification_delivery_digest" ON "notification_delivery" ("digest_key") WHERE "digest_key" IS NOT NULL AND "status" = 'pending'`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_notification_delivery_item" ON "notification_delivery" ("item_id", "created_at")`);
    await queryRunner.query(`CREATE INDEX "IDX_notification_delivery_status" ON "notification_delivery" ("status", "updated_at")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "notification_delivery"`);
    await queryRunner.query(`DROP TABLE "notification_fanout"`);
    await queryRunner.query(`DROP TABLE "unit_notification_setting"`);
    await queryRunner.query(`DROP TABLE "notification_channel"`);
  }
}
