/** The numbering styles of the genre, outermost first as documents usually nest them. */
export type NumberingStyle = 'cn-dun' | 'cn-paren' | 'arabic' | 'arabic-paren' | 'circled';

export interface Numbering {
  style: NumberingStyle;
  /** As a supervisor cites it, e.g. 一、 / （一） / 1. / （1）. */
  label: string;
  /** The line after the number. */
  rest: string;
}

const CN_DIGITS = '一二三四五六七八九十百零〇';

const PATTERNS: ReadonlyArray<{ style: NumberingStyle; pattern: RegExp; label: (n: string) => string }> = [
  { style: 'cn-dun', pattern: new RegExp(`^([${CN_DIGITS}]{1,4})[、．.]\\s*`), label: (n) => `${n}、` },
  { style: 'cn-paren', pattern: new RegExp(`^[（(]([${CN_DIGITS}]{1,4})[）)]\\s*[、.．]?\\s*`), label: (n) => `（${n}）` },
  // 1. / 1、 / 1．, but not a decimal like 1.5亿元 or a year like 2024.
  { style: 'arabic', pattern: /^(\d{1,3})(?:[.．、](?!\d)|\s*[\t|｜]|\s{2,})\s*/, label: (n) => `${n}.` },
  { style: 'arabic-paren', pattern: /^[（(](\d{1,3})[）)]\s*[、.．]?\s*/, label: (n) => `（${n}）` },
  { style: 'circled', pattern: /^([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])\s*/, label: (n) => n },
];

export function readNumbering(line: string): Numbering | null {
  for (const { style, pattern, label } of PATTERNS) {
    const match = pattern.exec(line);
    if (match && match[0].length < line.length) return { style, label: label(match[1]), rest: line.slice(match[0].length) };
  }
  return null;
}
