import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Escalations and their numbered notices (督办单), extension and closure requests, cooperating units' contributions. */
export class Escalations1795754954768 implements MigrationInterface {
  name = 'Escalations1795754954768';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "escalation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "key" text NOT NULL, "item_id" uuid NOT NULL, "parent_workflow_id" text NOT NULL, "period_key" text NOT NULL, "due_on" date NOT NULL, "started_on" date NOT NULL, "level" integer NOT NULL DEFAULT -1, "status" text NOT NULL DEFAULT 'active', "acknowledged_by" uuid, "acknowledged_on" date, "acknowledge_comment" text, "resolution" text, "resolved_on" date, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_escalation_key" UNIQUE ("key"), CONSTRAINT "PK_escalation" PRIMARY KEY ("id"), CONSTRAINT "FK_escalation_item" FOREIGN KEY ("item_id") REFERENCES "item"("id") ON DELETE CASCADE)`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_escalation_item_period" ON "escalation" ("item_id", "period_key")`);

    // Notice numbers run per year without gaps: taken from this row in the notice's own transaction.
    await queryRunner.query(
      `CREATE TABLE "notice_sequence" ("year" integer NOT NULL, "last" integer NOT NULL, CONSTRAINT "PK_notice_sequence" PRIMARY KEY ("year"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "notice" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "key" text NOT NULL, "escalation_id" uuid NOT NULL, "item_id" uuid NOT NULL, "period_key" text NOT NULL, "year" integer NOT NULL, "seq" integer NOT NULL, "number" text NOT NULL, "level" integer NOT NULL, "step" integer NOT NULL, "colour" text NOT NULL, "recipient_roles" jsonb NOT NULL, "recipient_ids" jsonb NOT NULL, "list_in_bulletin" boolean NOT NULL, "issued_on" date NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_notice_key" UNIQUE ("key"), CONSTRAINT "UQ_notice_number" UNIQUE ("number"), CONSTRAINT "PK_notice" PRIMARY KEY ("id"), CONSTRAINT "FK_notice_escalation" FOREIGN KEY ("escalation_id") REFERENCES "escalation"("id") ON DELETE CASCADE)`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_notice_year_seq" ON "notice" ("year", "seq")`);
    await queryRunner.query(`CREATE INDEX "IDX_notice_item_issued" ON "notice" ("item_id", "issued_on")`);

    await queryRunner.query(
      `CREATE TABLE "extension_request" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "key" text NOT NULL, "item_id" uuid NOT NULL, "period_key" text NOT NULL, "unit_id" uuid NOT NULL, "requested_by" uuid NOT NULL, "reason" text NOT NULL, "current_due_on" date NOT NULL, "requested_due_on" date NOT NULL, "status" text NOT NULL DEFAULT 'pending', "decided_by" uuid, "decision_comment" text, "decided_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_extension_request_key" UNIQUE ("key"), CONSTRAINT "PK_extension_request" PRIMARY KEY ("id"), CONSTRAINT "FK_extension_request_item" FOREIGN KEY ("item_id") REFERENCES "item"("id") ON DELETE CASCADE)`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_extension_request_item_period" ON "extension_request" ("item_id", "period_key")`);

    await queryRunner.query(
      `CREATE TABLE "closure_request" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "key" text NOT NULL, "item_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "requested_by" uuid NOT NULL, "reason" text NOT NULL, "status" text NOT NULL DEFAULT 'requested', "sign_off_by" date, "approved_by" uuid, "leader_id" text, "comment" text, "closed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_closure_request_key" UNIQUE ("key"), CONSTRAINT "PK_closure_request" PRIMARY KEY ("id"), CONSTRAINT "FK_closure_request_item" FOREIGN KEY ("item_id") REFERENCES "item"("id") ON DELETE CASCADE)`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_closure_request_item_created" ON "closure_request" ("item_id", "created_at")`);

    await queryRunner.query(
      `CREATE TABLE "contribution" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "key" text NOT NULL, "period_id" uuid NOT NULL, "item_id" uuid NOT NULL, "period_key" text NOT NULL, "unit_id" uuid NOT NULL, "submitted_by" uuid NOT NULL, "narrative" text NOT NULL, "indicator_values" jsonb NOT NULL DEFAULT '[]', "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_contribution_key" UNIQUE ("key"), CONSTRAINT "PK_contribution" PRIMARY KEY ("id"), CONSTRAINT "FK_contribution_period" FOREIGN KEY ("period_id") REFERENCES "reporting_period"("id") ON DELETE CASCADE)`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_contribution_period_unit" ON "contribution" ("period_id", "unit_id")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "contribution"`);
    await queryRunner.query(`DROP TABLE "closure_request"`);
    await queryRunner.query(`DROP TABLE "extension_request"`);
    await queryRunner.query(`DROP TABLE "notice"`);
    await queryRunner.query(`DROP TABLE "notice_sequence"`);
    await queryRunner.query(`DROP TABLE "escalation"`);
  }
}
