import { TEXT_RULES, textProblem, textReason } from './text-validation';

describe('text the database and the workflows accept', () => {
  it.each([
    ['NUL', 'a\u0000b'],
    ['another C0 control', 'a\u0007b'],
    ['DEL', 'a\u007fb'],
    ['a C1 control', 'a\u0085b'],
    ['a lone high surrogate', 'a\ud800b'],
    ['a lone low surrogate at the end', 'ab\udc00'],
    ['a right-to-left override', 'a\u202eb'],
    ['an isolate', 'a\u2066b'],
  ])('refuses %s', (_what, value) => {
    expect(textReason(value, TEXT_RULES.narrative)).toBeDefined();
  });

  it('accepts Chinese text, emoji (paired surrogates), tabs and line breaks where multiline', () => {
    expect(textReason('推进工业互联网发展\n\t完成 98% 👍', TEXT_RULES.narrative)).toBeUndefined();
    expect(textReason('第二行\n', TEXT_RULES.indicator)).toBe('must be one line');
  });

  it('names the field and the limit of over-long text', () => {
    expect(textProblem('narrative', 'x'.repeat(20_001), TEXT_RULES.narrative)).toBe('narrative: at most 20000 characters (got 20001)');
    expect(textProblem('narrative', 'x'.repeat(20_000), TEXT_RULES.narrative)).toBeUndefined();
    expect(textProblem('comment', 42, TEXT_RULES.comment)).toBe('comment: must be text');
  });
});
