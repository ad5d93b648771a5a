import { shanghaiDateOf, type WorkingDayCalendar } from '@duban/calendar';
import type { DataSource, EntityManager } from 'typeorm';
import { DeliveryError, type ChannelSender, type ChannelTarget, type OutgoingMessage } from './channels/message';
import { itemLink, renderDigest, renderNotification, type NotificationFacts } from './compose';
import { isCritical, isDigestible, kindMatches } from './kinds';
import { backoffDelay, firstAttemptAt, type OfficeHours } from './schedule';
import { TemplateSet, type Locale, type RenderedMessage } from './templates';

export interface DispatcherSettings {
  consoleUrl: string;
  locale: Locale;
  pollMs: number;
  batch: number;
  backoffMs: number;
  backoffMaxMs: number;
  maxAttempts: number;
  leaseMs: number;
  quietHours: boolean;
  workingHours: OfficeHours;
}

export interface DispatcherDeps {
  db: DataSource;
  calendar: WorkingDayCalendar;
  email: ChannelSender;
  webhook: ChannelSender;
  clock?: () => Date;
  log?: (level: 'log' | 'warn' | 'error', message: string) => void;
}

interface FanoutRow {
  id: string;
  key: string;
  recipient_id: string;
  kind: string;
  item_id: string | null;
  unit_id: string | null;
  email: string | null;
}

interface ChannelRow {
  id: string;
  unit_id: string | null;
  person_id: string | null;
  type: ChannelTarget['type'];
  target: string | null;
  kinds: string[];
}

interface DeliveryRow {
  id: string;
  key: string;
  notification_id: string;
  channel_id: string | null;
  unit_id: string | null;
  channel: ChannelTarget['type'];
  target: string;
  kind: string;
  critical: boolean;
  digest_key: string | null;
  batch_key: string;
  attempts: number;
}

type MessageRow = NotificationFacts;

/** What one pass did; the counts are what tests and logs look at. */
export interface TickResult {
  fannedOut: number;
  sent: number;
  failed: number;
}

/**
 * The notification outbox. Workflows' activities write the inbox rows (one per recipient per step, under a
 * unique key); this dispatcher fans each one out to the recipient's and the unit's other channels — one
 * `notification_delivery` row per (notification, channel, target), unique — and delivers those rows with
 * retries and backoff. It never decides that something should be sent: it only delivers what workflows recorded.
 *
 * A delivery is claimed (`sending`, with a lease) before it is sent and marked after; a crash in between sends
 * it again when the lease runs out, with the same Message-ID / idempotency key so the receiver can drop it.
 */
export class DeliveryDispatcher {
  private readonly templates: TemplateSet;
  private readonly clock: () => Date;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;

  constructor(
    private readonly settings: DispatcherSettings,
    private readonly deps: DispatcherDeps,
  ) {
    this.templates = new TemplateSet(settings.locale);
    this.clock = deps.clock ?? (() => new Date());
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let busy = false;
      try {
        const result = await this.tick();
        busy = result.fannedOut + result.sent + result.failed >= this.settings.batch;
      } catch (err) {
        this.deps.log?.('error', `delivery pass failed: ${(err as Error).message}`);
      }
      if (!this.running) break;
      if (!busy)
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.settings.pollMs);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
    }
  }

  /** One pass: fan out new inbox rows, then deliver what is due. */
  async tick(): Promise<TickResult> {
    const fannedOut = await this.fanOut();
    const { sent, failed } = await this.deliverDue();
    return { fannedOut, sent, failed };
  }

  /** Creates the deliveries of a batch of inbox notifications not yet fanned out. Idempotent under its unique keys. */
  async fanOut(): Promise<number> {
    return this.deps.db.transaction(async (tx) => {
      const rows: FanoutRow[] = await tx.query(
        `SELECT n.id, n.key, n.recipient_id, n.kind, n.item_id, p.unit_id, p.email
           FROM notification n LEFT JOIN person p ON p.id = n.recipient_id
          WHERE n.channel = 'inbox' AND NOT EXISTS (SELECT 1 FROM notification_fanout f WHERE f.notification_id = n.id)
          ORDER BY n.created_at, n.id
          LIMIT $1
          FOR UPDATE OF n SKIP LOCKED`,
        [this.settings.batch],
      );
      if (rows.length === 0) return 0;
      const personIds = [...new Set(rows.map((r) => r.recipient_id))];
      const unitIds = [...new Set(rows.map((r) => r.unit_id).filter((u): u is string => u !== null))];
      const channels: ChannelRow[] = await tx.query(
        `SELECT id, unit_id, person_id, type, target, kinds FROM notification_channel
          WHERE enabled AND (person_id = ANY($1::uuid[]) OR unit_id = ANY($2::uuid[])) ORDER BY created_at, id`,
        [personIds, unitIds],
      );
      const digestUnits = new Map<string, number>(
        (
          (await tx.query(`SELECT unit_id, digest_window_seconds FROM unit_notification_setting WHERE digest AND unit_id = ANY($1::uuid[])`, [unitIds])) as {
            unit_id: string;
            digest_window_seconds: number;
          }[]
        ).map((s) => [s.unit_id, s.digest_window_seconds]),
      );
      const now = this.clock();
      for (const n of rows) {
        const critical = isCritical(n.kind);
        const stepKey = n.key.endsWith(`:${n.recipient_id}:inbox`) ? n.key.slice(0, -`:${n.recipient_id}:inbox`.length) : n.key;
        let created = 0;
        for (const ch of channels) {
          const mine = ch.person_id === n.recipient_id;
          const unitWide = ch.unit_id !== null && ch.unit_id === n.unit_id;
          if (!mine && !unitWide) continue;
          if (!critical && !kindMatches(ch.kinds, n.kind)) continue;
          const target = ch.type === 'email' ? (ch.target ?? (mine ? n.email : null)) : ch.target;
          if (!target) continue;
          // A unit's channel hears of a step once, however many of its people the step addressed.
          const key = mine ? `${n.key}>${ch.type}:${ch.type === 'email' ? target : ch.id}` : `${stepKey}>unit:${ch.id}`;
          const window = n.unit_id !== null && !critical && isDigestible(n.kind) ? digestUnits.get(n.unit_id) : undefined;
          const { notBefore, digestKey } = await this.schedule(tx, now, critical, window, `${ch.type}:${ch.type === 'email' ? target : ch.id}`);
          const inserted: unknown[] = await tx.query(
            `INSERT INTO notification_delivery (key, notification_id, item_id, recipient_id, unit_id, channel_id, channel, target, kind, critical, digest_key, next_attempt_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
             ON CONFLICT (key) DO NOTHING RETURNING id`,
            [
              key,
              n.id,
              n.item_id,
              mine ? n.recipient_id : null,
              unitWide && !mine ? ch.unit_id : null,
              ch.id,
              ch.type,
              target,
              n.kind,
              critical,
              digestKey,
              notBefore,
            ],
          );
          created += inserted.length;
        }
        await tx.query(`INSERT INTO notification_fanout (notification_id, deliveries) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [n.id, created]);
      }
      return rows.length;
    });
  }

  /** A digest reminder's key (its target's day), and when the digest already open for it goes out. */
  private async schedule(
    tx: EntityManager,
    now: Date,
    critical: boolean,
    digestWindowSeconds: number | undefined,
    target: string,
  ): Promise<{ notBefore: Date; digestKey: string | null }> {
    const quiet = this.settings.quietHours ? { hours: this.settings.workingHours, calendar: this.deps.calendar } : undefined;
    if (critical || digestWindowSeconds === undefined) return { notBefore: firstAttemptAt({ now, critical, quiet }), digestKey: null };
    const digestKey = `digest:${target}:${shanghaiDateOf(now)}`;
    // Two dispatchers fanning out reminders for one target at once must agree on one digest.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [digestKey]);
    const open: { next_attempt_at: Date }[] = await tx.query(
      `SELECT next_attempt_at FROM notification_delivery WHERE digest_key = $1 AND status = 'pending' AND attempts = 0 ORDER BY next_attempt_at LIMIT 1`,
      [digestKey],
    );
    const openUntil = open.length > 0 ? new Date(open[0].next_attempt_at) : undefined;
    return { notBefore: firstAttemptAt({ now, critical, digest: { windowSeconds: digestWindowSeconds, openUntil }, quiet }), digestKey };
  }

  /** Claims due deliveries, sends each message (a digest is one message), and records the outcome. */
  async deliverDue(): Promise<{ sent: number; failed: number }> {
    const claimed = await this.claim();
    const batches = new Map<string, DeliveryRow[]>();
    for (const row of claimed) batches.set(row.batch_key, [...(batches.get(row.batch_key) ?? []), row]);
    let sent = 0;
    let failed = 0;
    const queue = [...batches.values()];
    const workers = Array.from({ length: Math.min(8, queue.length) }, async () => {
      for (let batch = queue.shift(); batch; batch = queue.shift()) {
        const ok = await this.deliverBatch(batch);
        if (ok) sent += batch.length;
        else failed += batch.length;
      }
    });
    await Promise.all(workers);
    return { sent, failed };
  }

  private async claim(): Promise<DeliveryRow[]> {
    const now = this.clock();
    return this.deps.db.transaction(async (tx) => {
      const due: { id: string; digest_key: string | null; batch_key: string | null }[] = await tx.query(
        `SELECT id, digest_key, batch_key FROM notification_delivery
          WHERE status IN ('pending', 'sending') AND next_attempt_at <= $1
          ORDER BY next_attempt_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [now, this.settings.batch],
      );
      if (due.length === 0) return [];
      // A message's rows go together: the rest of a due digest, and the rest of a batch already keyed.
      const digestKeys = [...new Set(due.filter((d) => d.batch_key === null && d.digest_key !== null).map((d) => d.digest_key as string))];
      const batchKeys = [...new Set(due.map((d) => d.batch_key).filter((b): b is string => b !== null))];
      const more: { id: string }[] =
        digestKeys.length + batchKeys.length === 0
          ? []
          : await tx.query(
              `SELECT id FROM notification_delivery
                WHERE status IN ('pending', 'sending') AND id <> ALL($3::uuid[])
                  AND ((batch_key IS NULL AND digest_key = ANY($1::text[]) AND next_attempt_at <= $4) OR batch_key = ANY($2::text[]))
                FOR UPDATE SKIP LOCKED`,
              [digestKeys, batchKeys, due.map((d) => d.id), now],
            );
      const ids = [...due.map((d) => d.id), ...more.map((m) => m.id)];
      // A digest's batch key is its day's key and its first row: the same on every retry of this message.
      await tx.query(
        `UPDATE notification_delivery d SET batch_key = COALESCE(d.digest_key || '#' || g.first_id::text, d.key)
           FROM (SELECT digest_key, min(id::text) AS first_id FROM notification_delivery WHERE id = ANY($1::uuid[]) AND batch_key IS NULL GROUP BY digest_key) g
          WHERE d.id = ANY($1::uuid[]) AND d.batch_key IS NULL AND d.digest_key IS NOT DISTINCT FROM g.digest_key`,
        [ids],
      );
      return tx
        .query(
          `UPDATE notification_delivery SET status = 'sending', attempts = attempts + 1, next_attempt_at = $2, updated_at = now()
          WHERE id = ANY($1::uuid[])
          RETURNING id, key, notification_id, channel_id, unit_id, channel, target, kind, critical, digest_key, batch_key, attempts`,
          [ids, new Date(now.getTime() + this.settings.leaseMs)],
        )
        .then((result: [DeliveryRow[], number] | DeliveryRow[]) => (Array.isArray(result[0]) ? (result[0] as DeliveryRow[]) : (result as DeliveryRow[])));
    });
  }

  private async deliverBatch(batch: DeliveryRow[]): Promise<boolean> {
    const first = batch[0];
    const ids = batch.map((d) => d.id);
    try {
      const secretRows: { secret: string | null }[] = first.channel_id
        ? await this.deps.db.query(`SELECT secret FROM notification_channel WHERE id = $1 AND enabled`, [first.channel_id])
        : [];
      if (secretRows.length === 0) throw new DeliveryError('the channel was removed or disabled', true);
      const message = await this.compose(batch);
      const target: ChannelTarget = { type: first.channel, target: first.target, secret: secretRows[0].secret };
      await (first.channel === 'email' ? this.deps.email : this.deps.webhook).send(target, message);
      await this.deps.db.query(
        `UPDATE notification_delivery SET status = 'delivered', delivered_at = now(), last_error = NULL, updated_at = now() WHERE id = ANY($1::uuid[]) AND status = 'sending'`,
        [ids],
      );
      return true;
    } catch (err) {
      const error = (err as Error).message.slice(0, 1000);
      const attempts = Math.max(...batch.map((d) => d.attempts));
      const permanent = err instanceof DeliveryError && err.permanent;
      if (permanent || attempts >= this.settings.maxAttempts) {
        await this.deps.db.query(
          `UPDATE notification_delivery SET status = 'failed', last_error = $2, updated_at = now() WHERE id = ANY($1::uuid[]) AND status = 'sending'`,
          [ids, error],
        );
        this.deps.log?.('warn', `delivery ${first.batch_key} over ${first.channel} failed for good after ${attempts} attempts: ${error}`);
        await this.alertAdmins(first, attempts, error);
      } else {
        const next = new Date(this.clock().getTime() + backoffDelay(attempts, this.settings.backoffMs, this.settings.backoffMaxMs));
        await this.deps.db.query(
          `UPDATE notification_delivery SET status = 'pending', last_error = $2, next_attempt_at = $3, updated_at = now() WHERE id = ANY($1::uuid[]) AND status = 'sending'`,
          [ids, error, next],
        );
      }
      return false;
    }
  }

  /** Renders the message of a batch: one notification with its template, or a digest of several. */
  private async compose(batch: DeliveryRow[]): Promise<OutgoingMessage> {
    const rows = await this.messageRows(batch.map((d) => d.notification_id));
    const first = batch[0];
    const unitName = first.unit_id
      ? ((await this.deps.db.query(`SELECT name FROM unit WHERE id = $1`, [first.unit_id])) as { name: string }[])[0]?.name
      : undefined;
    const addressee = (row: MessageRow): string => unitName ?? row.person_name ?? row.unit_name ?? '';
    const rendered: RenderedMessage =
      rows.length === 1 && !first.digest_key
        ? renderNotification(this.templates, this.settings.consoleUrl, rows[0], addressee(rows[0]))
        : renderDigest(this.templates, this.settings.consoleUrl, rows, addressee(rows[0]));
    const single = rows.length === 1 ? rows[0] : undefined;
    return {
      idempotencyKey: first.batch_key,
      subject: rendered.subject,
      text: rendered.text,
      link: itemLink(this.settings.consoleUrl, single?.item_id ?? null),
      kind: single ? single.kind : 'digest',
      critical: batch.some((d) => d.critical),
      itemId: single?.item_id ?? null,
      periodKey: single?.period_key ?? null,
      notificationKeys: rows.map((r) => r.key),
      locale: this.settings.locale,
    };
  }

  private async messageRows(notificationIds: string[]): Promise<MessageRow[]> {
    return this.deps.db.query(
      `SELECT n.id, n.key, n.kind, n.item_id, n.period_key, n.subject, n.body,
              i.code AS item_code, i.title AS item_title, pl.title AS plan_title,
              to_char(rp.due_on, 'YYYY-MM-DD') AS due_on, p.display_name AS person_name, p.role, u.name AS unit_name,
              nt.number AS notice_number, rv.comment AS review_comment, to_char(cr.sign_off_by, 'YYYY-MM-DD') AS sign_off_by
         FROM notification n
         LEFT JOIN item i ON i.id = n.item_id
         LEFT JOIN plan pl ON pl.id = i.plan_id
         LEFT JOIN reporting_period rp ON rp.item_id = n.item_id AND rp.key = n.period_key
         LEFT JOIN person p ON p.id = n.recipient_id
         LEFT JOIN unit u ON u.id = p.unit_id
         LEFT JOIN LATERAL (SELECT no.number FROM notice no WHERE no.item_id = n.item_id AND left(n.key, length(no.key) + 1) = no.key || ':' LIMIT 1) nt ON true
         LEFT JOIN LATERAL (SELECT r.comment FROM review r JOIN report rep ON rep.id = r.report_id
                             WHERE n.kind = 'report.returned' AND rep.item_id = n.item_id AND rep.period_id = rp.id AND r.decision = 'return'
                             ORDER BY r.reviewed_at DESC LIMIT 1) rv ON true
         LEFT JOIN LATERAL (SELECT c.sign_off_by FROM closure_request c WHERE n.kind LIKE 'closure.%' AND c.item_id = n.item_id AND c.sign_off_by IS NOT NULL
                             ORDER BY c.created_at DESC LIMIT 1) cr ON true
        WHERE n.id = ANY($1::uuid[])
        ORDER BY n.created_at, n.key`,
      [notificationIds],
    );
  }

  /** A delivery that failed for good tells the admins, once (the alert is an inbox row keyed by the delivery). */
  private async alertAdmins(delivery: DeliveryRow, attempts: number, error: string): Promise<void> {
    if (delivery.kind === 'delivery.failed') return; // an alert about an alert would never end
    const original: { subject: string }[] = await this.deps.db.query(`SELECT subject FROM notification WHERE id = $1`, [delivery.notification_id]);
    const admins: { id: string; display_name: string }[] = await this.deps.db.query(
      `SELECT id, display_name FROM person WHERE role = 'system-admin' AND disabled_at IS NULL ORDER BY username`,
    );
    for (const admin of admins) {
      const message = this.templates.render('delivery-failed', {
        addressee: admin.display_name,
        channel: delivery.channel,
        target: redactTarget(delivery.target),
        attempts: String(attempts),
        error,
        original: original[0]?.subject ?? delivery.key,
        link: `${this.settings.consoleUrl}/admin/deliveries`,
      });
      await this.deps.db.query(
        `INSERT INTO notification (key, recipient_id, channel, kind, item_id, period_key, subject, body)
         VALUES ($1, $2, 'inbox', 'delivery.failed', NULL, NULL, $3, $4) ON CONFLICT (key) DO NOTHING`,
        [`delivery-failed:${delivery.id}:${admin.id}:inbox`, admin.id, message.subject, message.text],
      );
    }
  }
}

/** Robot URLs carry their access token in the query: never shown. */
export function redactTarget(target: string): string {
  if (!/^https?:\/\//.test(target)) return target;
  try {
    const url = new URL(target);
    return `${url.origin}${url.pathname}${url.search ? '?…' : ''}`;
  } catch {
    return target;
  }
}
