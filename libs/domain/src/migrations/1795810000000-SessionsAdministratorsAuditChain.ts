import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12 (sessions, sign-in, 三员分立, audit chain):
 * - people can be disabled and made to change their password; the one `admin` becomes a `system-admin`;
 * - refresh sessions live server-side (a session is a family of single-use refresh tokens);
 * - failed sign-ins are counted per account and per client address in PostgreSQL, shared by every API instance;
 * - API tokens carry scopes and always expire;
 * - every audit row carries the hash of its content and of the previous row; a trigger appends rows one at a time
 *   (it holds the chain head's row lock until the writing transaction ends), so concurrent writers form one chain.
 */
export class SessionsAdministratorsAuditChain1795810000000 implements MigrationInterface {
  name = 'SessionsAdministratorsAuditChain1795810000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "person" ADD "disabled_at" TIMESTAMP WITH TIME ZONE, ADD "must_change_password" boolean NOT NULL DEFAULT false, ADD "password_changed_at" TIMESTAMP WITH TIME ZONE`,
    );
    await queryRunner.query(`UPDATE "person" SET "role" = 'system-admin' WHERE "role" = 'admin'`);

    await queryRunner.query(
      `CREATE TABLE "auth_session" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "person_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_reason" text, "address" text, "user_agent" text, CONSTRAINT "PK_auth_session" PRIMARY KEY ("id"), CONSTRAINT "FK_auth_session_person" FOREIGN KEY ("person_id") REFERENCES "person"("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_auth_session_person_live" ON "auth_session" ("person_id") WHERE "revoked_at" IS NULL`);
    await queryRunner.query(
      `CREATE TABLE "refresh_token" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "session_id" uuid NOT NULL, "token_hash" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_refresh_token" PRIMARY KEY ("id"), CONSTRAINT "UQ_refresh_token_hash" UNIQUE ("token_hash"), CONSTRAINT "FK_refresh_token_session" FOREIGN KEY ("session_id") REFERENCES "auth_session"("id") ON DELETE CASCADE)`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_refresh_token_session" ON "refresh_token" ("session_id")`);
    await queryRunner.query(
      `CREATE TABLE "sign_in_throttle" ("key" text NOT NULL, "failures" integer NOT NULL DEFAULT 0, "window_started_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "locked_until" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_sign_in_throttle" PRIMARY KEY ("key"))`,
    );

    await queryRunner.query(`ALTER TABLE "api_token" ADD "scopes" text[] NOT NULL DEFAULT '{read,write}'`);
    await queryRunner.query(`ALTER TABLE "api_token" ALTER COLUMN "scopes" DROP DEFAULT`);
    await queryRunner.query(`UPDATE "api_token" SET "expires_at" = greatest(now(), "created_at") + interval '90 days' WHERE "expires_at" IS NULL`);
    await queryRunner.query(`ALTER TABLE "api_token" ALTER COLUMN "expires_at" SET NOT NULL`);

    await queryRunner.query(`ALTER TABLE "audit_event" ADD "seq" bigint, ADD "prev_hash" text, ADD "hash" text, ADD "address" text, ADD "token_id" uuid`);
    await queryRunner.query(
      `CREATE TABLE "audit_chain_head" ("id" integer NOT NULL, "seq" bigint NOT NULL, "hash" text, CONSTRAINT "PK_audit_chain_head" PRIMARY KEY ("id"), CONSTRAINT "CHK_audit_chain_head_one" CHECK ("id" = 1))`,
    );
    await queryRunner.query(`INSERT INTO "audit_chain_head" ("id", "seq", "hash") VALUES (1, 0, NULL)`);
    // What a row's hash covers: every column but the hash itself, as canonical jsonb text, times in UTC.
    await queryRunner.query(
      `CREATE FUNCTION audit_event_content(e audit_event) RETURNS text LANGUAGE sql STABLE AS $$
        SELECT jsonb_build_array(e.seq::text, e.id::text, e.key, to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), e.actor, e.action,
          e.entity, e.entity_id, e.item_id, e.before, e.after, e.address, e.token_id, e.prev_hash)::text
      $$`,
    );
    // Rows already written join the chain in the order of their ids.
    await queryRunner.query(`ALTER TABLE "audit_event" DISABLE TRIGGER audit_event_no_update`);
    await queryRunner.query(
      `DO $$
      DECLARE r audit_event; n bigint := 0; previous text := NULL; h text;
      BEGIN
        FOR r IN SELECT * FROM audit_event ORDER BY id LOOP
          n := n + 1;
          r.seq := n;
          r.prev_hash := previous;
          h := encode(sha256(convert_to(audit_event_content(r), 'UTF8')), 'hex');
          UPDATE audit_event SET seq = n, prev_hash = previous, hash = h WHERE id = r.id;
          previous := h;
        END LOOP;
        UPDATE audit_chain_head SET seq = n, hash = previous WHERE id = 1;
      END $$`,
    );
    await queryRunner.query(`ALTER TABLE "audit_event" ENABLE TRIGGER audit_event_no_update`);
    await queryRunner.query(`ALTER TABLE "audit_event" ALTER COLUMN "seq" SET NOT NULL, ALTER COLUMN "hash" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "audit_event" ADD CONSTRAINT "UQ_audit_event_seq" UNIQUE ("seq")`);
    // A row whose key is already recorded is skipped here (as ON CONFLICT DO NOTHING would), before it takes a place in the chain.
    await queryRunner.query(
      `CREATE FUNCTION audit_event_chain() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE head audit_chain_head;
      BEGIN
        SELECT * INTO head FROM audit_chain_head WHERE id = 1 FOR UPDATE;
        IF NEW.key IS NOT NULL AND EXISTS (SELECT 1 FROM audit_event WHERE key = NEW.key) THEN RETURN NULL; END IF;
        NEW.seq := head.seq + 1;
        NEW.prev_hash := head.hash;
        NEW.hash := encode(sha256(convert_to(audit_event_content(NEW), 'UTF8')), 'hex');
        UPDATE audit_chain_head SET seq = NEW.seq, hash = NEW.hash WHERE id = 1;
        RETURN NEW;
      END $$`,
    );
    await queryRunner.query(`CREATE TRIGGER audit_event_chain BEFORE INSERT ON "audit_event" FOR EACH ROW EXECUTE FUNCTION audit_event_chain()`);
    await queryRunner.query(`CREATE INDEX "IDX_audit_event_at" ON "audit_event" ("at")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_audit_event_at"`);
    await queryRunner.query(`DROP TRIGGER audit_event_chain ON "audit_event"`);
    await queryRunner.query(`DROP FUNCTION audit_event_chain()`);
    await queryRunner.query(`DROP FUNCTION audit_event_content(audit_event)`);
    await queryRunner.query(`DROP TABLE "audit_chain_head"`);
    await queryRunner.query(`ALTER TABLE "audit_event" DROP CONSTRAINT "UQ_audit_event_seq"`);
    await queryRunner.query(
      `ALTER TABLE "audit_event" DROP COLUMN "token_id", DROP COLUMN "address", DROP COLUMN "hash", DROP COLUMN "prev_hash", DROP COLUMN "seq"`,
    );

    await queryRunner.query(`ALTER TABLE "api_token" ALTER COLUMN "expires_at" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "api_token" DROP COLUMN "scopes"`);

    await queryRunner.query(`DROP TABLE "sign_in_throttle"`);
    await queryRunner.query(`DROP TABLE "refresh_token"`);
    await queryRunner.query(`DROP TABLE "auth_session"`);

    await queryRunner.query(`UPDATE "person" SET "role" = 'admin' WHERE "role" IN ('system-admin', 'security-admin', 'audit-admin')`);
    await queryRunner.query(`ALTER TABLE "person" DROP COLUMN "password_changed_at", DROP COLUMN "must_change_password", DROP COLUMN "disabled_at"`);
  }
}
