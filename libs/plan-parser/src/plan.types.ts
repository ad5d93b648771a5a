/** A plan as read from a document (or written by hand in YAML): what a supervision office puts under supervision. */
export interface ParsedPlan {
  plan: PlanMetadata;
  /** Plan-wide targets (工作目标). */
  targets: Target[];
  items: PlanItem[];
}

export interface PlanMetadata {
  title: string;
  /** 发文字号, e.g. 穗府办函〔2017〕324号; null when the copy carries none. */
  docNumber: string | null;
  /** 发文机关 */
  issuer: string | null;
  /** YYYY-MM-DD */
  issuedOn: string | null;
}

export type PlanSection = 'task' | 'safeguard';

/** A 督办事项: a main task (任务) or a safeguard measure (保障措施). */
export interface PlanItem {
  /** T01… for tasks, S01… for safeguard measures, in document order. */
  code: string;
  section: PlanSection;
  /** The number as the document prints it, e.g. （一）, 1., （1）. */
  number: string;
  title: string;
  body: string;
  leadUnits: string[]; // 牵头单位
  coUnits: string[]; // 配合单位
  deadlines: Deadline[];
  targets: Target[];
}

export interface Deadline {
  /** YYYY-MM-DD */
  date: string;
  /** The phrase the date was read from, e.g. 到2019年底. */
  text: string;
  /** true when the phrase can be read two ways and a supervisor should confirm the date. */
  confirm: boolean;
}

/** A quantitative target (指标): either an exact value or a range bounded by min and/or max. */
export interface Target {
  year: number | null;
  indicator: string;
  value?: number;
  min?: number;
  max?: number;
  unit: string;
  text: string;
}
