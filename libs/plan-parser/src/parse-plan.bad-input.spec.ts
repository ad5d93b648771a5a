import * as fs from 'fs';
import * as path from 'path';
import { parsePlan } from './parse-plan';
import { PlanParseError, PlanParseErrorCode } from './plan-parse.error';

const SEED = fs.readFileSync(path.join(__dirname, '../../../seeds/guangzhou-miit-cooperation-plan-2017.txt'), 'utf8');

function errorOf(run: () => unknown): PlanParseError {
  try {
    run();
  } catch (err) {
    if (err instanceof PlanParseError) return err;
    throw err;
  }
  throw new Error('expected a PlanParseError, but a plan was returned');
}

function expectCode(input: Buffer | string, code: PlanParseErrorCode, options = {}): PlanParseError {
  const error = errorOf(() => parsePlan(input, options));
  expect(error.code).toBe(code);
  return error;
}

/** 广州市实施方案：一、主要任务（一）推进工业互联网发展。（牵头单位：市工业和信息化委） in GBK. */
const GBK_PLAN = Buffer.from([
  185, 227, 214, 221, 202, 208, 202, 181, 202, 169, 183, 189, 176, 184, 163, 186, 210, 187, 161, 162, 214, 247, 210, 170, 200, 206, 206, 241, 163, 168, 210,
  187, 163, 169, 205, 198, 189, 248, 185, 164, 210, 181, 187, 165, 193, 170, 205, 248, 183, 162, 213, 185, 161, 163, 163, 168, 199, 163, 205, 183, 181, 165,
  206, 187, 163, 186, 202, 208, 185, 164, 210, 181, 186, 205, 208, 197, 207, 162, 187, 175, 206, 175, 163, 169,
]);

describe('parsePlan refuses what it cannot read, with a stable code and a message in Chinese and English', () => {
  it('empty: zero bytes, or only whitespace', () => {
    expect(expectCode(Buffer.alloc(0), 'empty').message).toMatch(/文件是空的.*empty/);
    expectCode('  \n\u3000\n', 'empty');
  });

  it('binary: NUL bytes or the signature of a PNG, PDF or ZIP (docx)', () => {
    expectCode(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 'binary');
    expect(expectCode(Buffer.from('%PDF-1.7\n%âãÏÓ', 'latin1'), 'binary').message).toContain('PDF');
    expectCode(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), 'binary');
    expectCode(Buffer.concat([Buffer.from('一、主要任务'), Buffer.from([0, 0, 0])]), 'binary');
  });

  it('encoding: GBK bytes are named as GBK, with the advice to save as UTF-8', () => {
    // The bytes really are GBK: they decode to the plan text with a GBK decoder.
    expect(new TextDecoder('gbk').decode(GBK_PLAN)).toContain('牵头单位');
    const error = expectCode(GBK_PLAN, 'encoding');
    expect(error.message).toContain('GBK');
    expect(error.message).toContain('UTF-8');
    expectCode(Buffer.from([0xb9, 0xe3, 0xd6, 0xdd]), 'encoding');
  });

  it('encoding: other invalid UTF-8 says where decoding failed', () => {
    expect(expectCode(Buffer.concat([Buffer.from('一、主要任务'), Buffer.from([0xff, 0x41, 0x80])]), 'encoding').message).toContain('18');
  });

  it('too-large: over options.maxBytes (default 5 MB)', () => {
    expectCode(SEED, 'too-large', { maxBytes: 1024 });
    expectCode(Buffer.alloc(5 * 1024 * 1024 + 1, 0x20), 'too-large');
  });

  it('not-a-plan: text without numbered items carrying responsibility', () => {
    const news = '广州举办2024年数字经济高峰论坛\n本报讯 3月15日，论坛在琶洲举行。\n一、论坛议程\n（一）开幕致辞。\n（二）主旨演讲。';
    expect(expectCode(news, 'not-a-plan').message).toMatch(/牵头单位.*implementation plan/);
    expectCode('Lorem ipsum dolor sit amet.', 'not-a-plan');
  });

  it('truncated: an item cut off mid-sentence, before its responsibility clause, while the others have one', () => {
    const cut = SEED.slice(0, SEED.indexOf('市政府重点督办事项'));
    expect(expectCode(cut, 'truncated').message).toContain('（四）');
  });

  it('an item that ends its sentence but names no unit is kept for review, not refused (issue 13)', () => {
    const plan = parsePlan(SEED.slice(0, SEED.indexOf('市工业和信息化委要加强对各区')));
    expect(plan.items).toHaveLength(17);
    expect(plan.items[16]).toMatchObject({ number: '（四）', leadUnits: [], coUnits: [] });
  });

  it('truncated: a responsibility clause that never closes', () => {
    const cut = SEED.slice(0, SEED.lastIndexOf('各区政府)'));
    expectCode(cut, 'truncated');
  });

  it('truncated: a section announced but empty', () => {
    const cut = SEED.slice(0, SEED.indexOf('(一)加强组织领导'));
    expect(expectCode(cut, 'truncated').message).toContain('保障措施');
  });

  it('truncated: a sentence cut mid-way in the last item', () => {
    expectCode('实施方案\n一、主要任务\n（一）推进工作。（牵头单位：市财政局）\n（二）加快建设', 'truncated');
  });

  it('the complete seed parses: the checks above do not fire on a whole plan', () => {
    expect(parsePlan(SEED).items).toHaveLength(17);
  });
});
