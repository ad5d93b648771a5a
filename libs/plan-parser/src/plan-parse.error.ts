import zhCN from './locales/zh-CN.json';
import en from './locales/en.json';

export type PlanParseErrorCode =
  | 'empty'
  | 'binary'
  | 'encoding'
  | 'too-large'
  | 'not-a-plan'
  | 'truncated'
  | 'invalid-yaml'
  | 'unreadable'
  | 'timeout'
  | 'parser-stopped';

type MessageKey = keyof typeof zhCN & keyof typeof en;
export type MessageParams = Record<string, string | number>;

/** Fills {name} from params; a value that names a message of its own ({stage} = outline → stage.outline) is said in the template's language. */
function fill(template: string, params: MessageParams, messages: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    if (!(name in params)) return whole;
    const value = String(params[name]);
    return messages[`${name}.${value}`] ?? value;
  });
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
    const zh = fill(zhCN[messageKey], params, zhCN);
    const english = fill(en[messageKey], params, en);
    super(`${zh} (${english})`);
    this.messageZh = zh;
    this.messageEn = english;
  }
}

export function isPlanParseError(err: unknown): err is PlanParseError {
  return err instanceof PlanParseError;
}
