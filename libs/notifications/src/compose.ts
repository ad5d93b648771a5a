import { templateFor } from './kinds';
import type { RenderedMessage, TemplateSet } from './templates';

/** An inbox notification with what its message names: the plan, the item, the period and its due date. */
export interface NotificationFacts {
  id: string;
  key: string;
  kind: string;
  item_id: string | null;
  period_key: string | null;
  subject: string;
  body: string;
  item_code: string | null;
  item_title: string | null;
  plan_title: string | null;
  /** YYYY-MM-DD, the period's current due date (after a return or an extension, the new one). */
  due_on: string | null;
  person_name: string | null;
  role: string | null;
  unit_name: string | null;
  notice_number: string | null;
  review_comment: string | null;
  sign_off_by: string | null;
}

export function itemLink(consoleUrl: string, itemId: string | null): string {
  return itemId ? `${consoleUrl}/items/${itemId}` : `${consoleUrl}/inbox`;
}

/** The values every template may use. */
export function templateValues(templates: TemplateSet, consoleUrl: string, facts: NotificationFacts, addressee: string): Record<string, string> {
  return {
    addressee,
    plan: facts.plan_title ?? '',
    item: facts.item_title ?? facts.subject,
    itemCode: facts.item_code ?? '',
    period: templates.formatPeriod(facts.period_key),
    periodKey: facts.period_key ?? '',
    dueDate: templates.formatDate(facts.due_on),
    link: itemLink(consoleUrl, facts.item_id),
    number: facts.notice_number ?? '',
    comment: facts.review_comment ?? '',
    signOffBy: templates.formatDate(facts.sign_off_by),
    originalSubject: facts.subject,
    originalBody: facts.body,
    subject: facts.subject,
  };
}

/** One notification's message for one addressee; without an item it falls back to the inbox text. */
export function renderNotification(templates: TemplateSet, consoleUrl: string, facts: NotificationFacts, addressee: string): RenderedMessage {
  const template = facts.item_title === null ? 'generic' : templateFor(facts.kind, facts.role);
  return templates.render(template, templateValues(templates, consoleUrl, facts, addressee));
}

/** Several reminders of one day as one message. */
export function renderDigest(templates: TemplateSet, consoleUrl: string, facts: NotificationFacts[], addressee: string): RenderedMessage {
  const entries = facts.map((f, index) =>
    templates.render('digest-entry', { ...templateValues(templates, consoleUrl, f, addressee), index: String(index + 1) }).text.trim(),
  );
  return templates.render('digest', { addressee, count: String(facts.length), entries: entries.join('\n\n') });
}
