import { closestNames, cycleThrough } from './unit-directory';

const KNOWN = ['市工业和信息化委', '市工业和信息化局', '市发展改革委', '市科技创新委', '市科协', '市公安局', '越秀区政府', '海珠区政府'];

describe('closestNames', () => {
  it('offers the directory names a mistyped or renamed unit most likely means, closest first', () => {
    expect(closestNames('市工信委', KNOWN)).toEqual(['市工业和信息化委']);
    expect(closestNames('市工业和信息委', KNOWN)[0]).toBe('市工业和信息化委');
    expect(closestNames('市科技局', KNOWN)).toEqual(expect.arrayContaining(['市科技创新委', '市科协']));
    expect(closestNames('越秀区人民政府', KNOWN)[0]).toBe('越秀区政府');
  });

  it('offers nothing for a name unlike any known one, and never more than asked', () => {
    expect(closestNames('中国人民银行广州分行', KNOWN)).toEqual([]);
    expect(closestNames('市发展改革局', KNOWN, 1)).toEqual(['市发展改革委']);
  });
});

describe('cycleThrough', () => {
  const graph: Record<string, string[]> = { a: ['b'], b: ['c'], c: ['a'], d: ['e'], e: [] };
  const next = (id: string) => graph[id] ?? [];

  it('names the path back to the start', () => {
    expect(cycleThrough('a', next)).toEqual(['a', 'b', 'c', 'a']);
  });

  it('finds no cycle where there is none, even through shared members', () => {
    expect(cycleThrough('d', next)).toBeNull();
    expect(cycleThrough('x', (id) => ({ x: ['y', 'z'], y: ['z'], z: [] })[id] ?? [])).toBeNull();
  });
});
