import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePlan, type PlanItem } from '@duban/plan-parser';
import { renderDigest, renderNotification, type NotificationFacts } from './compose';
import { templateFor } from './kinds';
import { LOCALES, TEMPLATE_NAMES, TemplateError, TemplateSet, type TemplateName } from './templates';

const SEED = join(__dirname, '../../../seeds/guangzhou-miit-cooperation-plan-2017.txt');
const CONSOLE = 'http://127.0.0.1:3000';

/** The kinds the workflows record (and the extension decisions), with the recipient role that reads them. */
const CASES: { kind: string; role: string; template: TemplateName }[] = [
  { kind: 'reminder.open', role: 'reporter', template: 'period-open' },
  { kind: 'reminder.pre-due', role: 'reporter', template: 'pre-due' },
  { kind: 'reminder.due', role: 'reporter', template: 'due-day' },
  { kind: 'report.returned', role: 'reporter', template: 'returned' },
  { kind: 'escalation.follow-up', role: 'unit-head', template: 'urge' },
  { kind: 'escalation.blue', role: 'reporter', template: 'notice-blue' },
  { kind: 'escalation.yellow', role: 'supervisor', template: 'notice-yellow' },
  { kind: 'escalation.red', role: 'supervisor', template: 'notice-red' },
  { kind: 'escalation.red', role: 'leader', template: 'escalation-leader' },
  { kind: 'extension.approved', role: 'reporter', template: 'extension-approved' },
  { kind: 'extension.rejected', role: 'reporter', template: 'extension-rejected' },
  { kind: 'closure.approved', role: 'leader', template: 'closure' },
  { kind: 'period.rescheduled', role: 'unit-head', template: 'rescheduled' },
];

const PLAN = parsePlan(readFileSync(SEED), { fileName: 'guangzhou-miit-cooperation-plan-2017.txt' });

function facts(item: PlanItem, index: number, kind: string, role: string): NotificationFacts {
  return {
    id: `n-${index}`,
    key: `item:GZ:${item.code}:2018Q1:${kind}:p:inbox`,
    kind,
    item_id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    period_key: '2018Q1',
    subject: 'inbox subject',
    body: 'inbox body',
    item_code: item.code,
    item_title: item.title,
    plan_title: PLAN.plan.title,
    due_on: '2018-04-09',
    person_name: '市工业和信息化委填报人',
    role,
    unit_name: item.leadUnits[0],
    notice_number: '督办〔2018〕第0007号',
    review_comment: '请补充指标数据',
    sign_off_by: '2018-10-08',
  };
}

describe('message templates', () => {
  it('the seed plan has the 17 items the templates are rendered for', () => {
    expect(PLAN.items).toHaveLength(17);
  });

  it.each(LOCALES)('%s has every template, each with a subject and a body', (locale) => {
    const set = new TemplateSet(locale);
    for (const name of TEMPLATE_NAMES) expect(() => set.render(name, new Proxy({}, { get: () => 'x' }) as Record<string, string>)).not.toThrow();
  });

  it('maps each kind to its template, and a notice to a leader to the escalation to the leader', () => {
    for (const c of CASES) expect(templateFor(c.kind, c.role)).toBe(c.template);
    expect(templateFor('something.new', 'reporter')).toBe('generic');
  });

  describe.each(LOCALES)('%s', (locale) => {
    const set = new TemplateSet(locale);
    const rendered = PLAN.items.flatMap((item, index) =>
      CASES.map((c) => ({ item, c, message: renderNotification(set, CONSOLE, facts(item, index, c.kind, c.role), '市工业和信息化委填报人') })),
    );

    it(`renders ${CASES.length} templates for each of the 17 seed items`, () => {
      expect(rendered).toHaveLength(17 * CASES.length);
    });

    it('names the plan, the item, the period, the due date with its weekday, and links to the item', () => {
      for (const { item, c, message } of rendered) {
        expect(message.text).toContain(PLAN.plan.title);
        expect(message.subject + message.text).toContain(item.title);
        expect(message.text).toContain(item.code);
        expect(message.text).toContain(locale === 'zh-CN' ? '2018年第1季度' : 'Q1 2018');
        expect(message.text).toContain(locale === 'zh-CN' ? '2018年4月9日（星期一）' : 'Monday, 2018-04-09');
        expect(message.text).toMatch(/http:\/\/127\.0\.0\.1:3000\/items\/00000000-0000-4000-8000-\d{12}/);
        expect(message.text).not.toMatch(/\{\{|\}\}/);
        if (c.template.startsWith('notice-') || c.template === 'escalation-leader') expect(message.subject + message.text).toContain('督办〔2018〕第0007号');
        if (c.template === 'returned') expect(message.text).toContain('请补充指标数据');
        if (c.template === 'closure') expect(message.text).toContain(locale === 'zh-CN' ? '2018年10月8日（星期一）' : 'Monday, 2018-10-08');
      }
    });

    it('gathers a day of reminders for all 17 items into one digest', () => {
      const digest = renderDigest(
        set,
        CONSOLE,
        PLAN.items.map((item, i) => facts(item, i, 'reminder.pre-due', 'reporter')),
        '市工业和信息化委',
      );
      expect(digest.subject).toContain('17');
      for (const item of PLAN.items) expect(digest.text).toContain(item.title);
    });
  });

  it('writes zh-CN messages in Chinese: 催办, 督办单 with its number', () => {
    const set = new TemplateSet('zh-CN');
    const urge = renderNotification(set, CONSOLE, facts(PLAN.items[0], 0, 'escalation.follow-up', 'unit-head'), '负责人');
    const red = renderNotification(set, CONSOLE, facts(PLAN.items[0], 0, 'escalation.red', 'supervisor'), '督查员');
    expect(urge.subject).toBe(`【催办】${PLAN.items[0].title}（2018年第1季度）报告仍未报送`);
    expect(red.subject).toBe(`【红色督办单】督办〔2018〕第0007号 ${PLAN.items[0].title}（2018年第1季度）逾期未报`);
  });

  it('tells a unit that a newer holiday calendar moved its due date, in both languages', () => {
    const moved = {
      ...facts(PLAN.items[0], 0, 'period.rescheduled', 'reporter'),
      body: '市工业和信息化委：因节假日安排调整（日历 chinese-days@1.5.7+2027-notice），报送期限由 2018-04-08 调整为 2018-04-09。',
    };
    const zh = renderNotification(new TemplateSet('zh-CN'), CONSOLE, moved, '填报人');
    expect(zh.subject).toBe(`【报送期限调整】${PLAN.items[0].title}（2018年第1季度）`);
    expect(zh.text).toContain('报送期限已按新的工作日历重新计算，现为2018年4月9日（星期一）');
    expect(zh.text).toContain('由 2018-04-08 调整为 2018-04-09');
    const en = renderNotification(new TemplateSet('en'), CONSOLE, moved, 'Reporter');
    expect(en.subject).toBe(`[Due date moved] ${PLAN.items[0].title} (Q1 2018)`);
    expect(en.text).toContain('The public-holiday calendar changed');
    expect(en.text).toContain('It is now Monday, 2018-04-09.');
  });

  it('refuses to send a template with a value missing', () => {
    expect(() => new TemplateSet('zh-CN').render('urge', { item: 'x' })).toThrow(TemplateError);
  });

  it('writes dates in Asia/Shanghai with the weekday, and periods in words', () => {
    const zh = new TemplateSet('zh-CN');
    expect(zh.formatDate('2018-04-09')).toBe('2018年4月9日（星期一）');
    expect(zh.formatDate('2026-10-10')).toBe('2026年10月10日（星期六）');
    expect(zh.formatPeriod('2018H2')).toBe('2018年下半年');
    expect(zh.formatPeriod('2018-03')).toBe('2018年3月');
    expect(zh.formatPeriod('2021')).toBe('2021年度');
    expect(new TemplateSet('en').formatPeriod('2018Q4')).toBe('Q4 2018');
  });
});
