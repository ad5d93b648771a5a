import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1795754385859 implements MigrationInterface {
  name = 'InitialSchema1795754385859';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit_event" ("id" BIGSERIAL NOT NULL, "key" text, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor" text NOT NULL, "action" text NOT NULL, "entity" text NOT NULL, "entity_id" text NOT NULL, "item_id" uuid, "before" jsonb, "after" jsonb, CONSTRAINT "UQ_52d487001b1b20e50d4dac3cbe3" UNIQUE ("key"), CONSTRAINT "PK_481efbe8b0a403efe3f47a6528f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_7b349aa4837bccbe9e3be2c98f" ON "audit_event" ("item_id", "at") `);
    await queryRunner.query(
      `CREATE TABLE "notification" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "key" text NOT NULL, "recipient_id" uuid NOT NULL, "channel" text NOT NULL, "kind" text NOT NULL, "item_id" uuid, "period_key" text, "subject" text NOT NULL, "body" text NOT NULL, "read_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_f98ad0a58b7e3201a5e7a0fa1ca" UNIQUE ("key"), CONSTRAINT "PK_705b6c7cdf9b2c2ff7ac7872cb7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_d34aa77b1cb788d36b3f750794" ON "notification" ("recipient_id", "created_at") `);
    await queryRunner.query(
      `CREATE TABLE "reporting_period" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "item_id" uuid NOT NULL, "workflow_id" text NOT NULL, "key" text NOT NULL, "starts_on" date NOT NULL, "ends_on" date NOT NULL, "opens_on" date NOT NULL, "due_on" date NOT NULL, "co_due_on" date NOT NULL, "state" text NOT NULL, "closed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_273d2b68dc1854618ec53e144d0" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_3df4674fa7fdb3272baf2e6a93" ON "reporting_period" ("item_id", "key") `);
    await queryRunner.query(
      `CREATE TABLE "unit" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "full_name" text, "kind" text NOT NULL DEFAULT 'department', "needs_review" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_5618100486bb99d78de022e5829" UNIQUE ("name"), CONSTRAINT "PK_4252c4be609041e559f0c80f58a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "person" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "username" text NOT NULL, "display_name" text NOT NULL, "role" text NOT NULL, "unit_id" uuid, "password_hash" text NOT NULL, "email" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_e4475bde6806df5ab6999b47e5b" UNIQUE ("username"), CONSTRAINT "PK_5fdaf670315c4b7e70cce85daa3" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "plan" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" text NOT NULL, "title" text NOT NULL, "doc_number" text, "issuer" text, "issued_on" date, "status" text NOT NULL DEFAULT 'draft', "source_hash" text NOT NULL, "source_text" text, "targets" jsonb NOT NULL DEFAULT '[]', "policy" jsonb NOT NULL, "key_item_policy" jsonb NOT NULL, "supervision_starts_on" date, "activated_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_e405cbb23fb08931a48ad8c2bdb" UNIQUE ("code"), CONSTRAINT "PK_54a2b686aed3b637654bf7ddbb3" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "item" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "plan_id" uuid NOT NULL, "code" text NOT NULL, "section" text NOT NULL, "position" integer NOT NULL DEFAULT 0, "number" text NOT NULL, "title" text NOT NULL, "body" text NOT NULL, "deadlines" jsonb NOT NULL DEFAULT '[]', "targets" jsonb NOT NULL DEFAULT '[]', "key_item" boolean NOT NULL DEFAULT false, "policy_override" jsonb, "state" text NOT NULL DEFAULT 'draft', "status_colour" text NOT NULL DEFAULT 'green', "status_reason" text, "workflow_id" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_25f086c383a18820e88fca8aa5d" UNIQUE ("workflow_id"), CONSTRAINT "PK_d3c0c71f23e7adcf952a1d13423" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_242155fc3c37b60efb700adbd2" ON "item" ("plan_id", "code") `);
    await queryRunner.query(
      `CREATE TABLE "item_unit" ("item_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "role" text NOT NULL, "position" integer NOT NULL, CONSTRAINT "PK_e6c2531bc4f4abd64b87fe6a60e" PRIMARY KEY ("item_id", "unit_id", "role"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "report" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "idempotency_key" text NOT NULL, "period_id" uuid NOT NULL, "item_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "submitted_by" uuid NOT NULL, "attempt" integer NOT NULL, "narrative" text NOT NULL, "indicator_values" jsonb NOT NULL DEFAULT '[]', "problems" text, "next_steps" text, "status" text NOT NULL DEFAULT 'pending', "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_b86e06199ea553501807202c435" UNIQUE ("idempotency_key"), CONSTRAINT "PK_99e4d0bea58cba73c57f935a546" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_cc6382a75ed0e4cd8d3255cb23" ON "report" ("period_id", "attempt") `);
    await queryRunner.query(
      `CREATE TABLE "review" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "idempotency_key" text NOT NULL, "report_id" uuid NOT NULL, "decision" text NOT NULL, "comment" text, "reviewer_id" uuid NOT NULL, "resubmit_due_on" date, "reviewed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_adbd743ac4691b9cb259e98eee3" UNIQUE ("idempotency_key"), CONSTRAINT "UQ_f313476ee27a2c314c816242291" UNIQUE ("report_id"), CONSTRAINT "PK_2e4299a343a81574217255c00ca" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "person" ADD CONSTRAINT "FK_1ccc95c9861eb01e5303cf22e34" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "item" ADD CONSTRAINT "FK_fe003b7e5218208388cba1337b2" FOREIGN KEY ("plan_id") REFERENCES "plan"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "item_unit" ADD CONSTRAINT "FK_0654602901c94f1f102a6e17ee8" FOREIGN KEY ("item_id") REFERENCES "item"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "item_unit" ADD CONSTRAINT "FK_8c104a245e951ab7ec357d278c8" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    // The audit trail is append-only: no code path, and no endpoint, may rewrite history.
    await queryRunner.query(
      `CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit_event is append-only'; END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON "audit_event" FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON "audit_event" FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "item_unit" DROP CONSTRAINT "FK_8c104a245e951ab7ec357d278c8"`);
    await queryRunner.query(`ALTER TABLE "item_unit" DROP CONSTRAINT "FK_0654602901c94f1f102a6e17ee8"`);
    await queryRunner.query(`ALTER TABLE "item" DROP CONSTRAINT "FK_fe003b7e5218208388cba1337b2"`);
    await queryRunner.query(`ALTER TABLE "person" DROP CONSTRAINT "FK_1ccc95c9861eb01e5303cf22e34"`);
    await queryRunner.query(`DROP TABLE "review"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_cc6382a75ed0e4cd8d3255cb23"`);
    await queryRunner.query(`DROP TABLE "report"`);
    await queryRunner.query(`DROP TABLE "item_unit"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_242155fc3c37b60efb700adbd2"`);
    await queryRunner.query(`DROP TABLE "item"`);
    await queryRunner.query(`DROP TABLE "plan"`);
    await queryRunner.query(`DROP TABLE "person"`);
    await queryRunner.query(`DROP TABLE "unit"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_3df4674fa7fdb3272baf2e6a93"`);
    await queryRunner.query(`DROP TABLE "reporting_period"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d34aa77b1cb788d36b3f750794"`);
    await queryRunner.query(`DROP TABLE "notification"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_7b349aa4837bccbe9e3be2c98f"`);
    await queryRunner.query(`DROP TRIGGER audit_event_no_truncate ON "audit_event"`);
    await queryRunner.query(`DROP TRIGGER audit_event_no_update ON "audit_event"`);
    await queryRunner.query(`DROP FUNCTION audit_event_append_only()`);
    await queryRunner.query(`DROP TABLE "audit_event"`);
  }
}
