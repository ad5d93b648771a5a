import * as fs from 'fs';
import * as path from 'path';
import { parsePlan } from '../parse-plan';
import { PlanParseError } from '../plan-parse.error';
import { parsePlanYaml, toPlanYaml } from './plan-yaml';

const SEED = path.join(__dirname, '../../../../seeds/guangzhou-miit-cooperation-plan-2017.txt');

function errorOf(run: () => unknown): PlanParseError {
  try {
    run();
  } catch (err) {
    if (err instanceof PlanParseError) return err;
    throw err;
  }
  throw new Error('expected a PlanParseError');
}

const HAND_WRITTEN = `
plan:
  title: 天河区2024年优化营商环境工作要点
  issuedOn: 2024-03-01
items:
  - code: T01
    section: task
    title: 推进企业开办便利化
    leadUnits: [区市场监管局]
    deadlines:
      - date: 2024-06-30
        text: 2024年6月底前
`;

describe('plan YAML', () => {
  it('round-trips the parsed seed plan', () => {
    const plan = parsePlan(fs.readFileSync(SEED));
    expect(parsePlanYaml(toPlanYaml(plan))).toEqual(plan);
  });

  it('reads a hand-written plan and fills the optional fields', () => {
    const plan = parsePlanYaml(HAND_WRITTEN);
    expect(plan.plan).toEqual({ title: '天河区2024年优化营商环境工作要点', docNumber: null, issuer: null, issuedOn: '2024-03-01' });
    expect(plan.targets).toEqual([]);
    expect(plan.items[0]).toEqual({
      code: 'T01',
      section: 'task',
      number: '',
      title: '推进企业开办便利化',
      body: '',
      leadUnits: ['区市场监管局'],
      coUnits: [],
      deadlines: [{ date: '2024-06-30', text: '2024年6月底前', confirm: false }],
      targets: [],
    });
  });

  it('names the path and the reason of every problem', () => {
    const broken = HAND_WRITTEN.replace('leadUnits: [区市场监管局]', 'leadUnit: 区市场监管局').replace('2024-06-30', '2024-06-31x');
    const error = errorOf(() => parsePlanYaml(broken));
    expect(error.code).toBe('invalid-yaml');
    expect(error.message).toContain('items[0].leadUnits: is required');
    expect(error.message).toContain('items[0].leadUnit: is not a known field');
    expect(error.message).toContain('items[0].deadlines[0].date: must match pattern');
  });

  it('checks that codes are unique and match their section', () => {
    const twice = HAND_WRITTEN + HAND_WRITTEN.slice(HAND_WRITTEN.indexOf('  - code')).replace('section: task', 'section: safeguard');
    const error = errorOf(() => parsePlanYaml(twice));
    expect(error.message).toContain('items[1].code: T01 is used twice');
    expect(error.message).toContain('items[1].code: T01 does not match section safeguard');
  });

  it('reports YAML syntax errors as invalid-yaml', () => {
    expect(errorOf(() => parsePlanYaml('plan: [unclosed')).code).toBe('invalid-yaml');
  });
});
