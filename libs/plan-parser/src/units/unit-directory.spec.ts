import * as fs from 'fs';
import * as path from 'path';
import { parsePlan } from '../parse-plan';
import { PlanParseError } from '../plan-parse.error';
import { buildUnitDirectory, loadUnitDirectory, resolveUnits } from './unit-directory';

const SEEDS = path.join(__dirname, '../../../../seeds');

describe('the seed unit directory', () => {
  const directory = loadUnitDirectory(path.join(SEEDS, 'units.yaml'));

  it('resolves abbreviations to full names and kinds', () => {
    expect(resolveUnits(['市工业和信息化委', '市委宣传部', '各区政府', '市国土规划委'], directory)).toEqual([
      { name: '市工业和信息化委', fullName: '广州市工业和信息化委员会', kind: 'department', known: true },
      { name: '市委宣传部', fullName: '中共广州市委宣传部', kind: 'party', known: true },
      { name: '各区政府', fullName: '广州市各区人民政府', kind: 'group', known: true },
      { name: '市国土规划委', fullName: '广州市国土资源和规划委员会', kind: 'department', known: true },
    ]);
  });

  it('knows every unit the seed plan names', () => {
    const plan = parsePlan(fs.readFileSync(path.join(SEEDS, 'guangzhou-miit-cooperation-plan-2017.txt')));
    const names = [...new Set(plan.items.flatMap((item) => [...item.leadUnits, ...item.coUnits]))];
    expect(resolveUnits(names, directory).filter((unit) => !unit.known)).toEqual([]);
  });

  it('flags an unknown unit for review instead of matching a similar name', () => {
    expect(resolveUnits(['市科技局', '广州市发展和改革委员会'], directory)).toEqual([
      { name: '市科技局', fullName: null, kind: null, known: false },
      { name: '广州市发展和改革委员会', fullName: '广州市发展和改革委员会', kind: 'department', known: true },
    ]);
  });

  it('refuses a malformed directory', () => {
    expect(() => buildUnitDirectory({ units: { 市财政局: { kind: 'department' } } })).toThrow(PlanParseError);
  });
});
