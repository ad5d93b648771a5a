import { AuditEvent } from './audit/audit-event.entity';
import { Notification } from './notification/notification.entity';
import { ReportingPeriod } from './period/reporting-period.entity';
import { Person } from './person/person.entity';
import { ItemUnit } from './plan/item-unit.entity';
import { Item } from './plan/item.entity';
import { Plan } from './plan/plan.entity';
import { Report } from './report/report.entity';
import { Review } from './report/review.entity';
import { Unit } from './unit/unit.entity';

export const ENTITIES = [Unit, Person, Plan, Item, ItemUnit, ReportingPeriod, Report, Review, Notification, AuditEvent];
import { Escalation } from './escalation/escalation.entity';
import { Notice } from './escalation/notice.entity';
import { Contribution } from './supervision/contribution.entity';
import { ExtensionRequest } from './supervision/extension-request.entity';
import { ClosureRequest } from './supervision/closure-request.entity';
(ENTITIES as unknown[]).push(Escalation, Notice, Contribution, ExtensionRequest, ClosureRequest);
