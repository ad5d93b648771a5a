import zhCN from './locales/zh-CN.json';
import en from './locales/en.json';

export type PlanParseErrorCode = 'empty' | 'binary' | 'encoding' | 'too-large' | 'not-a-plan' | 'truncated' | 'invalid-yaml' | 'unreadable';

type MessageKey = keyof typeof zhCN & keyof typeof en;
export type MessageParams = Record<string, string | number>;

function fill(template: string, params: MessageParams): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/**
 * Why a document could not be read as a plan. `code` is stable (callers map it to HTTP 400/413 and exit codes);
 * `message` carries the Chinese text first and the English after it, so the same error serves the console and logs.
 */
export class PlanParseError extends Error {
  override readonly name = 'PlanParseError';
  readonly messageZh: string;
  readonly messageEn: string;

  constructor(
    readonly code: PlanParseErrorCode,
    readonly messageKey: MessageKey,
    readonly params: MessageParams = {},
  ) {
    const zh = fill(zhCN[messageKey], params);
    const english = fill(en[messageKey], params);
    super(`${zh} (${english})`);
    this.messageZh = zh;
    this.messageEn = english;
  }
}

export function isPlanParseError(err: unknown): err is PlanParseError {
  return err instanceof PlanParseError;
}
