/* eslint-disable no-restricted-imports -- a test: never bundled; it replays the workflow bundle with the SDK's worker */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker, type ReplayResult } from '@temporalio/worker';
import { historyFromJson } from './replay/history-json';

/**
 * Histories recorded from runs of the simulations (test/simulation, RECORD_HISTORIES=1): a late key item
 * with repeated red notices, a report returned twice then escalated, an approved extension, an acknowledged
 * escalation, a key-item switch, a closure; a newer holiday calendar moving a due date, an extension request
 * lapsing with its period, an escalation overdue for years continuing as new. Replaying them against the current code fails on any change that is not behind patched().
 */
const DIR = join(__dirname, '__histories__');
/** File → the workflow id it was recorded under (replay checks child workflow ids against it). */
const MANIFEST = JSON.parse(readFileSync(join(DIR, 'index.json'), 'utf8')) as Record<string, string>;
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.json') && f !== 'index.json')
  .sort();
const histories = files.map((file) => ({ workflowId: MANIFEST[file], history: historyFromJson(readFileSync(join(DIR, file), 'utf8')) }));

async function replay(workflowsPath: string): Promise<ReplayResult[]> {
  const results: ReplayResult[] = [];
  for await (const result of Worker.runReplayHistories({ workflowsPath }, histories)) results.push(result);
  return results;
}

describe('recorded workflow histories', () => {
  it('holds the item and escalation runs worth keeping', () => {
    expect(files).toEqual([
      'escalation-L01-2018Q1-continued.json', // a continued run: acknowledged in it, continues as new again (long-escalation simulation)
      'escalation-S04-2018-01-repeats.json',
      'escalation-T02-2018Q1-acknowledged.json',
      'item-C01-2019Q1-calendar-changed.json', // calendarChanged: due date, window and co date recomputed, units told (calendar-change simulation)
      'item-C05-2019Q1-extension-lapsed.json', // approved with an extension request undecided: it lapses
      'item-S04-2018-01.json', // key item late: escalation child, report, approval
      'item-T01-2021Q3.json', // setKeyItem, then continue-as-new under the key-item policy
      'item-T04-2018Q3.json', // returned twice, escalated on the resubmission due date
      'item-T05-2019Q3.json', // extension approved while escalated
      'item-T05-2021Q2.json', // closure approved, closed when the leader stayed silent
    ]);
    expect(Object.keys(MANIFEST).sort()).toEqual(files);
  });

  it('replay against the current workflow code without a nondeterminism error', async () => {
    const results = await replay(require.resolve('./index'));
    expect(results.map((r) => `${r.workflowId}: ${r.error ? String(r.error) : 'ok'}`)).toEqual(histories.map((h) => `${h.workflowId}: ok`));
  }, 120_000);

  it('fail against a workflow changed without patched()', async () => {
    const results = await replay(require.resolve('./replay/nondeterministic.fixture'));
    for (const r of results) expect(r.error?.name).toBe('DeterminismViolationError');
  }, 120_000);
});
