import { WorkingDayCalendar } from '@duban/calendar';
/**
 * A small implementation plan composed for the browser suites, with its own document number per run (a number: the plan code is derived from it), so they never
 * touch the seed plan (other suites use its T09). Three tasks led by 市工业和信息化委, one with the 4K target.
 */
export function composedPlan(tag: string): { fileName: string; content: string } {
  const content = `广州市人民政府办公厅关于印发广州市数字家庭与智能制造督办试点方案的通知

穗府办函〔2026〕${tag}号

各区人民政府,市政府各部门:

《广州市数字家庭与智能制造督办试点方案》已经市人民政府同意,现印发给你们,请认真组织实施。

广州市人民政府办公厅

2026年1月5日

广州市数字家庭与智能制造督办试点方案

一、工作目标

到2026年,全市4K电视用户达300万户,光纤入户率达98%。

二、主要任务

(一)推进4K电视网络应用与产业发展。实施新数字家庭行动,建设以4K电视网络为核心的超高清互动数字家庭网络。到2026年底,全市4K电视用户达300万户,光纤入户率达98%。(牵头单位:市工业和信息化委;配合单位:市发展改革委、各区政府)

(二)建设大数据产业园。推动大数据产业集聚发展,到2026年底,建成省级大数据产业园5个。(牵头单位:市工业和信息化委;配合单位:市科技创新委)

(三)推进两化融合贯标。组织企业开展两化融合管理体系贯标,到2026年底,国家级两化融合贯标试点企业达130家。(牵头单位:市工业和信息化委)
`;
  return { fileName: `web-e2e-plan-${tag}.txt`, content };
}

/**
 * Start of the quarter whose report is already overdue today (Asia/Shanghai): the previous quarter once its due date
 * (about two weeks into this quarter) has passed, else the one before. Supervision started there is red and escalated.
 */
export function overdueQuarterStart(): string {
  const today = new Date(Date.now() + 8 * 3600 * 1000);
  const quarterStart = new Date(Date.UTC(today.getUTCFullYear(), Math.floor(today.getUTCMonth() / 3) * 3, 1));
  const daysIn = (today.getTime() - quarterStart.getTime()) / 86_400_000;
  const back = daysIn > 25 ? 1 : 2;
  const start = new Date(Date.UTC(quarterStart.getUTCFullYear(), quarterStart.getUTCMonth() - 3 * back, 1));
  return start.toISOString().slice(0, 10);
}

/** A Shanghai date some days from today, YYYY-MM-DD. */
export function shanghaiDateIn(days: number): string {
  return new Date(Date.now() + 8 * 3600 * 1000 + days * 86_400_000).toISOString().slice(0, 10);
}

/** The first working day on or after `days` days from today: a due date must be one. */
export function shanghaiWorkingDayIn(days: number): string {
  return new WorkingDayCalendar().addWorkingDays(shanghaiDateIn(days), 0);
}
