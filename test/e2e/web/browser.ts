import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { REPO_ROOT } from '../../support/apps';
import { testEnvironment } from '../../support/env';

export const SCREENSHOTS = join(REPO_ROOT, 'test-artifacts/screenshots');

/** Debian's chromium, headless, driven by playwright-core (no bundled browser download). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
}

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

export function consoleUrl(path = ''): string {
  return `${testEnvironment().apiUrl}/console${path}`;
}

export function passwordOf(username: string): string {
  const credential = testEnvironment().credentials.find((c) => c.username === username);
  if (!credential) throw new Error(`no demo person ${username}`);
  return credential.password;
}

/**
 * A browser context for one person, signed in through the sign-in page. Every context signs in afresh (issue 12): the
 * refresh token is an HttpOnly cookie spent at each refresh, so two contexts started from one saved cookie would look
 * like a stolen token, and the API would end the session of both.
 */
export async function signedIn(
  browser: Browser,
  username: string,
  viewport = DESKTOP,
  locale: 'zh-CN' | 'en' = 'zh-CN',
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale, timezoneId: 'Asia/Shanghai', deviceScaleFactor: 1 });
  // Generous waits: the suites share the machine with Temporal, PostgreSQL and the other suites' processes.
  context.setDefaultTimeout(60_000);
  context.setDefaultNavigationTimeout(60_000);
  const page = await context.newPage();
  page.on('pageerror', (err) => process.stderr.write(`[browser ${username}] ${err.message}\n`));
  await page.goto(consoleUrl('/sign-in'));
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(passwordOf(username));
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((url) => !url.pathname.endsWith('/sign-in'));
  return { context, page };
}

/** Page-load times (navigation to the page's content on screen): measured and reported, never asserted. */
export const timings: Record<string, number[]> = {};

export async function visit(page: Page, path: string, ready: string, name: string): Promise<number> {
  const started = Date.now();
  await page.goto(consoleUrl(path));
  await page.locator(ready).first().waitFor({ state: 'visible' });
  const ms = Date.now() - started;
  (timings[name] ??= []).push(ms);
  return ms;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.waitForTimeout(250); // let charts and toasts finish their entry animation for a readable picture
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Each browser suite writes its own file (test-artifacts/<name>.json), so one does not overwrite another's. */
export function writeTimings(name = 'web-timings'): void {
  mkdirSync(join(REPO_ROOT, 'test-artifacts'), { recursive: true });
  const file = join(REPO_ROOT, `test-artifacts/${name}.json`);
  const summary = Object.fromEntries(
    Object.entries(timings).map(([k, v]) => [k, { runs: v, medianMs: [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] }]),
  );
  writeFileSync(file, JSON.stringify(summary, null, 2));
  process.stdout.write(
    `web console page-load times (ms): ${Object.entries(summary)
      .map(([k, v]) => `${k} ${v.medianMs}`)
      .join(', ')}\n`,
  );
}
