// Shapes of the API's answers, as the console reads them.
export type Role = 'reporter' | 'unit-head' | 'supervisor' | 'leader' | 'system-admin' | 'security-admin' | 'audit-admin';
export type Colour = 'green' | 'yellow' | 'red';

export interface Person {
  id: string;
  username: string;
  role: Role;
  unitId: string | null;
  /** After an administrator's reset: the console asks for a new password before anything else. */
  mustChangePassword?: boolean;
}

/** The access token in memory; the refresh token is an HttpOnly cookie the console never sees. */
export interface Session {
  accessToken: string;
  person: Person;
}

export interface Target {
  year: number | null;
  indicator: string;
  value?: number;
  min?: number;
  max?: number;
  unit: string;
  text: string;
}

export interface Deadline {
  date: string;
  text: string;
  confirm: boolean;
}

export interface Unit {
  id: string;
  name: string;
}

export interface ItemUnit {
  role: 'lead' | 'co';
  unitId: string;
  unit: Unit;
}

export interface Item {
  id: string;
  planId: string;
  code: string;
  section: 'task' | 'safeguard';
  number: string;
  title: string;
  body: string;
  deadlines: Deadline[];
  targets: Target[];
  keyItem: boolean;
  state: 'draft' | 'supervised' | 'closed';
  statusColour: Colour;
  statusReason: string | null;
  units?: ItemUnit[];
}

export interface Plan {
  id: string;
  code: string;
  title: string;
  docNumber: string | null;
  issuer: string | null;
  issuedOn: string | null;
  status: 'draft' | 'active';
  activatedAt: string | null;
  createdAt: string;
}

export interface Period {
  id: string;
  key: string;
  startsOn: string;
  endsOn: string;
  opensOn: string;
  dueOn: string;
  state: 'upcoming' | 'open' | 'submitted' | 'returned' | 'approved' | 'closed';
  closedAt: string | null;
}

export interface AuditEvent {
  id: string;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** The person behind `actor`, when it is one (not the system). */
  actorName?: string | null;
  actorRole?: Role | null;
  actorUnitName?: string | null;
}

export interface QueueEntry {
  reportId: string;
  reportStatus: string;
  itemId: string;
  itemCode: string;
  itemTitle: string;
  keyItem: boolean;
  statusColour: Colour;
  planId: string;
  planCode: string;
  periodKey: string;
  dueOn: string;
  attempt: number;
  unitId: string;
  unitName: string;
  submittedAt: string;
  claimedBy?: string | null;
  claimExpiresAt?: string | null;
  [key: string]: unknown;
}

export interface IndicatorValue {
  indicator: string;
  value: number;
  unit?: string;
}

export interface Report {
  id: string;
  itemId: string;
  periodId: string;
  attempt: number;
  narrative: string;
  indicatorValues: IndicatorValue[];
  problems: string | null;
  nextSteps: string | null;
  status: 'pending' | 'approved' | 'returned';
  submittedAt: string;
  submittedBy: string;
}

export interface OpenPeriod {
  itemId: string;
  itemCode: string;
  itemTitle: string;
  planId: string;
  planCode: string;
  planTitle: string;
  keyItem: boolean;
  unitRole: 'lead' | 'co';
  periodKey: string;
  periodState: string;
  opensOn: string;
  dueOn: string;
  overdue: boolean;
}

export interface Notification {
  id: string;
  kind: string;
  itemId: string | null;
  periodKey: string | null;
  subject: string;
  body: string;
  readAt: string | null;
  createdAt: string;
}

export interface PeriodTrend {
  periodKey: string;
  periods: number;
  due: number;
  submitted: number;
  onTime: number;
  approved: number;
  overdue: number;
  onTimeRate: number | null;
}

export interface IndicatorProgress {
  itemId: string;
  itemCode: string;
  indicator: string;
  unit: string;
  year: number | null;
  goal: number | null;
  latestValue: number | null;
  latestPeriodKey: string | null;
  progress: number | null;
}

export interface Dashboard {
  scope: { kind: 'plan' | 'unit'; id: string; name: string };
  items: number;
  itemsByColour: Record<Colour, number>;
  keyItems: number;
  onTimeRate: number | null;
  overdue: number;
  escalationsByLevel: Array<{ level: number; count: number }> | null;
  indicators: IndicatorProgress[];
  trend: PeriodTrend[];
}

export interface Escalation {
  id: string;
  itemId: string;
  periodKey: string;
  dueOn: string;
  startedOn: string;
  level: number;
  status: 'active' | 'acknowledged' | 'resolved';
  acknowledgedBy: string | null;
  acknowledgedOn: string | null;
  [key: string]: unknown;
}

export interface ItemNotification {
  id: string;
  kind: string;
  periodKey: string | null;
  step: string;
  subject: string;
  body: string;
  recipient: { id: string; username: string; displayName: string; role: Role; unitId: string | null; unitName: string | null } | null;
  channel: string;
  readAt: string | null;
  createdAt: string;
  deliveries: Array<{
    channel: 'email' | 'webhook' | 'wecom' | 'dingtalk';
    target: string | null;
    unitName: string | null;
    status: 'pending' | 'sending' | 'delivered' | 'failed';
    attempts: number;
    lastError: string | null;
    deliveredAt: string | null;
  }>;
}

export interface ExtensionRequest {
  id: string;
  itemId: string;
  periodKey: string;
  unitId: string;
  requestedBy: string;
  reason: string;
  currentDueOn: string;
  requestedDueOn: string;
  status: 'pending' | 'approved' | 'rejected' | 'lapsed';
  decidedBy: string | null;
  decisionComment: string | null;
  decidedAt: string | null;
  createdAt: string;
}

export interface ClosureRequest {
  id: string;
  itemId: string;
  unitId: string;
  requestedBy: string;
  reason: string;
  status: 'requested' | 'approved' | 'rejected' | 'signed-off' | 'instructed' | 'closed';
  signOffBy: string | null;
  approvedBy: string | null;
  leaderId: string | null;
  comment: string | null;
  closedAt: string | null;
  createdAt: string;
}

export interface PendingRequest {
  kind: 'extension' | 'closure';
  id: string;
  status: string;
  waitingFor: 'supervisor' | 'leader';
  itemId: string;
  itemCode: string;
  itemTitle: string;
  planId: string;
  periodKey: string | null;
  unitName: string;
  requestedBy: string | null;
  reason: string;
  currentDueOn: string | null;
  requestedDueOn: string | null;
  signOffBy: string | null;
  createdAt: string;
}

/** A bulletin (通报) of one period, as GET /bulletins/plans/{planId}/periods/{periodKey} answers. */
export interface BulletinUnitItem {
  itemCode: string;
  itemTitle: string;
  dueOn: string;
  submittedOn: string | null;
  periodState: string;
}

export interface Bulletin {
  plan: { id: string; code: string; title: string };
  periodKey: string;
  generatedAt: string;
  due: number;
  onTime: number;
  late: number;
  onTimeRate: number | null;
  onTimeUnits: Array<{ unitId: string; unitName: string; items: BulletinUnitItem[] }>;
  lateUnits: Array<{ unitId: string; unitName: string; items: BulletinUnitItem[] }>;
  escalatedItems: Array<{
    itemId: string;
    itemCode: string;
    itemTitle: string;
    unitName: string;
    reason: 'overdue' | 'late' | 'escalation';
    level: number | null;
  }>;
  targets: IndicatorProgress[];
}

/** A report a unit sent, as GET /me/history lists it under its period. */
export interface SentReport {
  id: string;
  attempt: number;
  status: 'pending' | 'approved' | 'returned';
  submittedAt: string;
  reviewComment: string | null;
  reviewedAt: string | null;
  resubmitDueOn: string | null;
}

/** One period of one item of my unit (GET /me/history). */
export interface UnitHistoryRow {
  itemId: string;
  itemCode: string;
  itemTitle: string;
  itemState: 'draft' | 'supervised' | 'closed';
  planId: string;
  planCode: string;
  planTitle: string;
  unitRole: 'lead' | 'co';
  periodKey: string;
  periodState: Period['state'];
  opensOn: string;
  dueOn: string;
  reports: SentReport[];
}

/** One row of a plan's item register (台账), GET /plans/{planId}/register. */
export interface RegisterRow {
  itemId: string;
  itemCode: string;
  itemTitle: string;
  section: string;
  keyItem: boolean;
  leadUnits: string[];
  coUnits: string[];
  finalDeadline: string | null;
  state: 'draft' | 'supervised' | 'closed';
  statusColour: Colour;
  statusReason: string | null;
  lastReport: { periodKey: string; attempt: number; status: 'pending' | 'approved' | 'returned'; submittedAt: string } | null;
  progress: IndicatorProgress[];
}

export interface ItemRegister {
  plan: { id: string; code: string; title: string };
  generatedAt: string;
  rows: RegisterRow[];
}
