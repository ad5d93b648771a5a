import { PlanMetadata } from '../plan.types';

const DOC_NUMBER = /[\u4e00-\u9fff]{1,12}[〔[［【(（]\s*\d{4}\s*[〕\]］】)）]\s*\d+\s*号/;
const DATE_LINE = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/;
const CN_DATE_LINE = /^([二〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日$/;
const ISSUER_LINE = /^[\u4e00-\u9fff（）()]{2,30}(政府|办公厅|办公室|委员会|领导小组|指挥部|局|委|厅|部|办)$/;
const GENRE = /(实施方案|工作要点|分工方案|行动方案|工作方案|行动计划|实施意见|实施细则|方案|要点|计划|清单)([（(][^）)]*[）)])?$/;
const NOTICE_TITLE = /^(.+?)关于印发(.+?)的通知$/;

const CN_DIGIT: Record<string, number> = { 〇: 0, '○': 0, 零: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 二十八 → 28, 十二 → 12, 十 → 10. */
function chineseNumber(text: string): number {
  if (!text.includes('十')) return Number([...text].map((c) => CN_DIGIT[c]).join(''));
  const [tens, ones] = text.split('十');
  return (tens ? CN_DIGIT[tens] : 1) * 10 + (ones ? CN_DIGIT[ones] : 0);
}

function isoDate(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function readDateLine(line: string): string | null {
  const arabic = DATE_LINE.exec(line);
  if (arabic) return isoDate(Number(arabic[1]), Number(arabic[2]), Number(arabic[3]));
  const chinese = CN_DATE_LINE.exec(line);
  if (!chinese) return null;
  const year = Number([...chinese[1]].map((c) => CN_DIGIT[c]).join(''));
  return isoDate(year, chineseNumber(chinese[2]), chineseNumber(chinese[3]));
}

function readTitle(lines: string[], fileName: string | undefined): string {
  const standalone = lines.filter((line) => line.length <= 80 && !/[。，,；]/.test(line) && !/关于印发|的通知$/.test(line) && GENRE.test(line));
  if (standalone.length > 0) return standalone[0];
  const notice = lines.map((line) => NOTICE_TITLE.exec(line)).find((match) => match !== null);
  if (notice) return notice[2].replace(/^《(.+)》$/, '$1');
  return fileName ? fileName.replace(/\.[^.]+$/, '') : '';
}

/** The 发文机关 signs right above the date; failing that, the notice title names it (X关于印发…的通知). */
function readIssuer(lines: string[], dateIndex: number): string | null {
  const signature = dateIndex > 0 ? lines[dateIndex - 1] : '';
  if (ISSUER_LINE.test(signature)) return signature;
  const notice = lines.map((line) => NOTICE_TITLE.exec(line)).find((match) => match !== null);
  return notice ? notice[1] : null;
}

/**
 * Title, 发文字号, 发文机关 and date of issue. `preamble` is the text before the first numbered paragraph,
 * where a notice carries all four; `allLines` also reaches a signature block at the end.
 */
export function readMetadata(preamble: string[], allLines: string[], fileName?: string): PlanMetadata {
  const docNumber = preamble.map((line) => DOC_NUMBER.exec(line)?.[0]).find((found) => found !== undefined) ?? null;
  const datedIn = preamble.some((line) => readDateLine(line)) ? preamble : allLines;
  const dateIndex = datedIn.findIndex((line) => readDateLine(line) !== null);
  return {
    title: readTitle(preamble.length > 0 ? preamble : allLines, fileName),
    docNumber: docNumber?.replace(/\s+/g, '') ?? null,
    issuer: readIssuer(datedIn, dateIndex),
    issuedOn: dateIndex >= 0 ? readDateLine(datedIn[dateIndex]) : null,
  };
}

/** The one year a plan is for (2024年工作要点), which dates phrases like 6月底前; null for multi-year plans. */
export function planYearOf(title: string): number | null {
  if (/\d{4}\s*[—–\-~至到]\s*\d{4}/.test(title)) return null;
  const year = /(\d{4})年/.exec(title);
  return year ? Number(year[1]) : null;
}
