/**
 * The console's pages on the seed plan, in Debian's chromium: time from navigation start until the page's content is
 * on screen, each page loaded `runs` times in a signed-in tab: the first visit (its code chunk and data not yet
 * fetched; for the sign-in page a cold browser cache) apart, then the median and the slowest of the others.
 * A benchmark, not a test: it prints and returns figures, and asserts nothing about them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { REPO_ROOT } from '../support/apps';

const SEED = 'guangzhou-miit-cooperation-plan-2017.txt';
const DESKTOP = { width: 1280, height: 800 };

export interface WebBenchDeps {
  apiUrl: string;
  passwordOf: (username: string) => string;
  call: <T = any>(method: string, path: string, username: string, body?: unknown) => Promise<{ status: number; body: T }>;
  /** Resolves once every item of the plan has its period recorded and its overdue notice in an inbox. */
  settled: (planId: string, items: number) => Promise<void>;
  startOn: string;
  runs: number;
}

interface PageSpec {
  name: string;
  who: string;
  path: string;
  /** The element whose appearance means the page shows its content and takes input. */
  ready: string;
}

async function signedInPage(browser: Browser, apiUrl: string, username: string, password: string): Promise<Page> {
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  context.setDefaultTimeout(60_000);
  const page = await context.newPage();
  await page.goto(`${apiUrl}/console/sign-in`);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((url) => !url.pathname.endsWith('/sign-in'));
  return page;
}

/** Milliseconds from navigation start until `ready` is visible, read in the page from its own clock. */
async function load(page: Page, url: string, ready: string): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  // A string, evaluated in the page (the DOM's types are not this project's).
  const probe = `(() => { const el = document.querySelector(${JSON.stringify(ready)}); return el && el.getBoundingClientRect().height > 0 ? performance.now() : false; })()`;
  const handle = await page.waitForFunction(probe, undefined, { polling: 'raf', timeout: 60_000 });
  return Math.round((await handle.jsonValue()) as number);
}

export async function webPagesBench(deps: WebBenchDeps): Promise<Array<Record<string, unknown>>> {
  // The seed plan, supervised from the previous quarter: overdue, escalated, with reports waiting in the queue.
  const content = readFileSync(join(REPO_ROOT, 'seeds', SEED), 'utf8');
  const imported = await deps.call('POST', '/plans/import', 'supervisor', { fileName: SEED, content });
  if (imported.status !== 201) throw new Error(`import of the seed: ${imported.status} ${JSON.stringify(imported.body)}`);
  const planId = imported.body.planId as string;
  const activated = await deps.call('POST', `/plans/${planId}/activate`, 'supervisor', { startOn: deps.startOn });
  if (activated.status !== 200) throw new Error(`activation of the seed: ${activated.status}`);
  const items = (
    await deps.call<Array<{ id: string; code: string; units: Array<{ role: string; unitId: string }> }>>('GET', `/plans/${planId}/items`, 'supervisor')
  ).body;
  await deps.settled(planId, items.length);
  const me = (await deps.call<{ unitId: string }>('GET', '/auth/me', 'gxw-reporter')).body;
  const mine = items.filter((i) => i.units.some((u) => u.role === 'lead' && u.unitId === me.unitId));
  if (mine.length === 0) throw new Error('the seed plan has no item led by gxw-reporter’s unit');
  const periods = (await deps.call<Array<{ itemId: string; periodKey: string; unitRole: string }>>('GET', '/me/periods', 'gxw-reporter')).body.filter(
    (p) => p.unitRole === 'lead',
  );
  const open = periods.find((p) => mine.some((i) => i.id === p.itemId));
  if (!open) throw new Error('no open period for gxw-reporter');
  for (const item of mine.slice(1)) {
    const period = periods.find((p) => p.itemId === item.id);
    if (period)
      await deps.call('POST', `/items/${item.id}/reports`, 'gxw-reporter', { periodKey: period.periodKey, narrative: '按计划推进。', indicatorValues: [] });
  }
  const queued = mine.find((i) => i.id !== open.itemId) ?? mine[0];

  const pages: PageSpec[] = [
    { name: 'sign-in', who: '', path: '/sign-in', ready: 'button[type="submit"]' },
    { name: 'dashboard', who: 'supervisor', path: `/dashboard?plan=${planId}`, ready: `[data-testid="board-${items[0].code}"]` },
    { name: 'queue', who: 'supervisor', path: `/queue?plan=${planId}`, ready: `[data-testid="queue-row-${queued.code}"]` },
    { name: 'item', who: 'supervisor', path: `/items/${items[0].id}`, ready: '[data-testid="timeline"]' },
    { name: 'import', who: 'supervisor', path: '/import', ready: '.ant-upload-drag' },
    { name: 'my items', who: 'gxw-reporter', path: '/my', ready: '[data-testid^="open-period-"]' },
    { name: 'report form', who: 'gxw-reporter', path: `/my/${open.itemId}/${open.periodKey}`, ready: '#narrative' },
    { name: 'inbox', who: 'leader', path: '/inbox', ready: '.ant-list-item' },
    { name: 'leader', who: 'leader', path: '/leader', ready: '[data-item-id]' },
    // Issue 14: the bulletin's print view (the latest period), a reporter's history, the plan's item register.
    { name: 'bulletin', who: 'leader', path: `/bulletins/${planId}`, ready: '[data-testid="bulletin-doc"]' },
    { name: 'history', who: 'gxw-reporter', path: '/history', ready: '[data-testid^="history-plan-"]' },
    { name: 'register', who: 'supervisor', path: `/plans/${planId}/register`, ready: `[data-testid="register-${items[0].code}"]` },
  ];

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const rows: Array<Record<string, unknown>> = [];
  try {
    const tabs = new Map<string, Page>();
    for (const spec of pages) {
      let page = tabs.get(spec.who);
      if (!page) {
        page = spec.who
          ? await signedInPage(browser, deps.apiUrl, spec.who, deps.passwordOf(spec.who))
          : await (await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN' })).newPage();
        tabs.set(spec.who, page);
      }
      const times: number[] = [];
      for (let i = 0; i < deps.runs; i += 1)
        times.push(
          await load(page, `${deps.apiUrl}/console${spec.path}`, spec.ready).catch((err: unknown) => {
            throw new Error(`page ${spec.name} (${spec.path}) never showed ${spec.ready}: ${String(err)}`);
          }),
        );
      const warm = times.slice(1).sort((a, b) => a - b);
      rows.push({
        page: spec.name,
        'first visit ms': times[0],
        'median ms': warm[Math.floor(warm.length / 2)],
        'max ms': warm[warm.length - 1],
        'target ms': 1000,
      });
    }
  } finally {
    await browser.close();
  }
  return rows;
}
