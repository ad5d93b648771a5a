import { Inject, Injectable } from '@nestjs/common';
import type { DubanConfig } from '@duban/config';
import { audit, InvalidInputError, NotFoundError, NotificationChannelConfig, Person, Unit, UnitNotificationSetting } from '@duban/domain';
import { redactTarget, WebhookTargetError, WebhookTargetPolicy } from '@duban/notifications';
import { DataSource } from 'typeorm';
import { CONFIG } from '../tokens';
import type { ChannelQueryDto, ChannelResponseDto, CreateChannelDto, UnitDigestDto, UpdateChannelDto } from './dto';

const TARGET_REFUSALS = {
  scheme: 'target: must be an http(s) URL',
  address: 'target: loopback, private, link-local and metadata addresses are refused (WEBHOOK_ALLOWED_ADDRESSES lists exceptions)',
  unresolved: 'target: the host name does not resolve',
} as const;

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/** Where each unit's and person's notifications go besides the inbox; admins keep it. */
@Injectable()
export class ChannelsService {
  private readonly targets: WebhookTargetPolicy;

  constructor(
    private readonly db: DataSource,
    @Inject(CONFIG) config: DubanConfig,
  ) {
    this.targets = new WebhookTargetPolicy(config.delivery.webhookAllowedAddresses);
  }

  async list(query: ChannelQueryDto): Promise<ChannelResponseDto[]> {
    const rows = await this.db.getRepository(NotificationChannelConfig).find({
      where: { ...(query.unitId ? { unitId: query.unitId } : {}), ...(query.personId ? { personId: query.personId } : {}) },
      select: { id: true, unitId: true, personId: true, type: true, target: true, kinds: true, enabled: true, createdAt: true, secret: true },
      order: { createdAt: 'ASC', id: 'ASC' },
      take: 1000,
    });
    return rows.map(toResponse);
  }

  async create(dto: CreateChannelDto, actor: string): Promise<ChannelResponseDto> {
    if ((dto.unitId === undefined) === (dto.personId === undefined)) throw new InvalidInputError('give either unitId or personId', 'unitId');
    if (dto.unitId && !(await this.db.getRepository(Unit).existsBy({ id: dto.unitId }))) throw new NotFoundError('unit', dto.unitId);
    if (dto.personId && !(await this.db.getRepository(Person).existsBy({ id: dto.personId }))) throw new NotFoundError('person', dto.personId);
    if (dto.type === 'email') {
      if (dto.target === undefined && dto.unitId) throw new InvalidInputError("target: a unit's email channel needs an address", 'target');
      if (dto.target !== undefined && !EMAIL.test(dto.target)) throw new InvalidInputError('target: must be an email address', 'target');
      if (dto.secret !== undefined) throw new InvalidInputError('secret: email channels have none', 'secret');
    } else {
      if (dto.target === undefined || !isHttpUrl(dto.target)) throw new InvalidInputError('target: must be an http(s) URL', 'target');
      await this.checkTarget(dto.target);
      if (dto.type === 'wecom' && dto.secret !== undefined) throw new InvalidInputError('secret: WeCom robots sign nothing; the key is in the URL', 'secret');
    }
    const saved = await this.db.getRepository(NotificationChannelConfig).save(
      this.db.getRepository(NotificationChannelConfig).create({
        unitId: dto.unitId ?? null,
        personId: dto.personId ?? null,
        type: dto.type,
        target: dto.target ?? null,
        secret: dto.secret ?? null,
        kinds: dto.kinds,
        enabled: true,
      }),
    );
    const created = toResponse(saved);
    await this.db.transaction((tx) => audit(tx, actor, 'channel.created', 'notification_channel', saved.id, null, auditView(created)));
    return created;
  }

  async update(id: string, dto: UpdateChannelDto, actor: string): Promise<ChannelResponseDto> {
    const repo = this.db.getRepository(NotificationChannelConfig);
    const before = await repo.findOne({ where: { id }, select: { id: true, enabled: true, kinds: true } });
    if (!before) throw new NotFoundError('channel', id);
    await this.db.transaction(async (tx) => {
      await audit(tx, actor, 'channel.updated', 'notification_channel', id, { enabled: before.enabled, kinds: before.kinds }, { ...dto });
      await tx
        .getRepository(NotificationChannelConfig)
        .update(id, { ...(dto.enabled !== undefined ? { enabled: dto.enabled } : {}), ...(dto.kinds !== undefined ? { kinds: dto.kinds } : {}) });
      // A channel switched off sends nothing more; what it still had is closed without an alert (an admin chose it).
      if (dto.enabled === false) {
        await tx.query(
          `UPDATE notification_delivery SET status = 'failed', last_error = 'channel disabled', updated_at = now() WHERE channel_id = $1 AND status IN ('pending', 'sending')`,
          [id],
        );
      }
    });
    const row = await repo.findOneOrFail({
      where: { id },
      select: { id: true, unitId: true, personId: true, type: true, target: true, kinds: true, enabled: true, createdAt: true, secret: true },
    });
    return toResponse(row);
  }

  /** Removes a channel; what it still had to send is closed as failed (no alert: an admin asked for it). */
  async remove(id: string, actor: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const found = await tx.getRepository(NotificationChannelConfig).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!found) throw new NotFoundError('channel', id);
      await audit(tx, actor, 'channel.removed', 'notification_channel', id, auditView(toResponse(found)), null);
      await tx.query(
        `UPDATE notification_delivery SET status = 'failed', last_error = 'channel removed', updated_at = now() WHERE channel_id = $1 AND status IN ('pending', 'sending')`,
        [id],
      );
      await tx.getRepository(NotificationChannelConfig).delete(id);
    });
  }

  /** A robot or webhook may not point inside the network (the worker checks again when it sends). */
  private async checkTarget(target: string): Promise<void> {
    try {
      await this.targets.check(target);
    } catch (err) {
      if (!(err instanceof WebhookTargetError)) throw err;
      throw new InvalidInputError(TARGET_REFUSALS[err.reason], 'target');
    }
  }

  async setDigest(unitId: string, dto: UnitDigestDto, actor: string): Promise<{ unitId: string; digest: boolean; windowSeconds: number }> {
    if (!(await this.db.getRepository(Unit).existsBy({ id: unitId }))) throw new NotFoundError('unit', unitId);
    const windowSeconds = dto.windowSeconds ?? 3600;
    await this.db.transaction(async (tx) => {
      await tx.getRepository(UnitNotificationSetting).upsert({ unitId, digest: dto.digest, digestWindowSeconds: windowSeconds }, ['unitId']);
      await audit(tx, actor, 'unit.digest-set', 'unit', unitId, null, { digest: dto.digest, windowSeconds });
    });
    return { unitId, digest: dto.digest, windowSeconds };
  }
}

/** What the audit trail keeps of a channel: the redacted target, never a secret or a robot key. */
function auditView(c: ChannelResponseDto): Record<string, unknown> {
  return { unitId: c.unitId, personId: c.personId, type: c.type, target: c.target, hasSecret: c.hasSecret, kinds: c.kinds, enabled: c.enabled };
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function toResponse(c: NotificationChannelConfig): ChannelResponseDto {
  return {
    id: c.id,
    unitId: c.unitId,
    personId: c.personId,
    type: c.type,
    target: c.target === null ? null : redactTarget(c.target),
    hasSecret: c.secret !== null && c.secret !== undefined,
    kinds: c.kinds,
    enabled: c.enabled,
    createdAt: c.createdAt,
  };
}
