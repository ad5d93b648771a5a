import { readDeadlines } from './read-deadlines';

describe('readDeadlines', () => {
  it('reads 2015年完成 and 2017年基本完成 as the ends of those years', () => {
    const text = '2015年完成确权登记颁证工作试点任务并在全区推开，2017年基本完成全区确权登记颁证工作。';
    expect(readDeadlines(text, [], null)).toEqual([
      { date: '2015-12-31', text: '2015年完成', confirm: false },
      { date: '2017-12-31', text: '2017年基本完成', confirm: false },
    ]);
  });

  it('takes no deadline from a year that says when money is granted', () => {
    expect(readDeadlines('2015年财政将给每个乡镇安排5万元资金，作为创建经费。', [], null)).toEqual([]);
  });
});
