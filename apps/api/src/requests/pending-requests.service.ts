import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PendingRequestResponseDto } from './pending-requests.dto';

/** Extension and closure requests still waiting for a decision, oldest first, across plans. */
@Injectable()
export class PendingRequestsService {
  constructor(private readonly db: DataSource) {}

  async list(planId?: string): Promise<PendingRequestResponseDto[]> {
    const rows: PendingRequestResponseDto[] = await this.db.query(
      `SELECT * FROM (
         SELECT 'extension' AS kind, r.id, r.status, 'supervisor' AS "waitingFor", i.id AS "itemId", i.code AS "itemCode", i.title AS "itemTitle",
                i.plan_id AS "planId", r.period_key AS "periodKey", u.name AS "unitName", p.display_name AS "requestedBy", r.reason,
                to_char(r.current_due_on, 'YYYY-MM-DD') AS "currentDueOn", to_char(r.requested_due_on, 'YYYY-MM-DD') AS "requestedDueOn",
                NULL AS "signOffBy", r.created_at AS "createdAt"
           FROM extension_request r JOIN item i ON i.id = r.item_id JOIN unit u ON u.id = r.unit_id LEFT JOIN person p ON p.id = r.requested_by
          WHERE r.status = 'pending' AND ($1::uuid IS NULL OR i.plan_id = $1::uuid)
         UNION ALL
         SELECT 'closure', c.id, c.status, CASE WHEN c.status = 'requested' THEN 'supervisor' ELSE 'leader' END, i.id, i.code, i.title,
                i.plan_id, NULL, u.name, p.display_name, c.reason, NULL, NULL, to_char(c.sign_off_by, 'YYYY-MM-DD'), c.created_at
           FROM closure_request c JOIN item i ON i.id = c.item_id JOIN unit u ON u.id = c.unit_id LEFT JOIN person p ON p.id = c.requested_by
          WHERE c.status IN ('requested', 'approved') AND i.state <> 'closed' AND ($1::uuid IS NULL OR i.plan_id = $1::uuid)
       ) pending
       ORDER BY "createdAt" ASC, id ASC
       LIMIT 500`,
      [planId ?? null],
    );
    return rows;
  }
}
