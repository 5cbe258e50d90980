/**
 * Real headless Chromium for the browser tests: Debian's `chromium` package (/usr/bin/chromium, or
 * LOADSHIFT_CHROMIUM) driven by playwright-core (no browser download). Every request that is not the page's own file
 * or the local test server is blocked and recorded, and console errors and page errors are collected, so a test can
 * assert that a page needs nothing from the network and runs clean.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { ROOT } from '../helpers/cli.js';

export const CHROMIUM = process.env.LOADSHIFT_CHROMIUM ?? '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
export const IN_CI = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';
/** Screenshots and the pages the tests made (gitignored). */
export const OUT = join(ROOT, 'test-output', 'browser');

if (!HAVE_CHROMIUM && !IN_CI)
  console.warn(
    `loadshift: no Chromium at ${CHROMIUM} (apt-get install chromium): the browser tests are SKIPPED (outside CI only)`,
  );

export interface WatchedPage {
  page: Page;
  /** Console messages of type error, and uncaught page errors. */
  errors: string[];
  /** Requests that left the page's own origin (blocked). */
  external: string[];
}

export async function launch(): Promise<Browser> {
  if (!HAVE_CHROMIUM)
    throw new Error(`no Chromium at ${CHROMIUM}: install Debian's chromium package (apt-get install -y chromium)`);
  mkdirSync(OUT, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: ['--disable-gpu', '--no-first-run'] });
}

/** A new page that may load only file: URLs and, when given, the origin `allowOrigin` (a local test server). */
export async function watchedPage(browser: Browser, allowOrigin?: string): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: { width: 1300, height: 900 }, deviceScaleFactor: 1 });
  const errors: string[] = [];
  const external: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:') || (allowOrigin !== undefined && url.startsWith(allowOrigin))) return route.continue();
    external.push(url);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => {
    if (!external.includes(r.url())) errors.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`);
  });
  return { page, errors, external };
}

/** Share of a chart's canvas pixels that are drawn (not blank/white), per chart element id. */
export async function drawnShare(page: Page, chartId: string): Promise<number> {
  return page.evaluate((id) => {
    const canvases = document.querySelectorAll<HTMLCanvasElement>(`#${id} canvas`);
    let drawn = 0;
    let total = 0;
    for (const c of canvases) {
      const ctx = c.getContext('2d');
      if (ctx === null || c.width === 0 || c.height === 0) continue;
      const px = ctx.getImageData(0, 0, c.width, c.height).data;
      for (let i = 0; i < px.length; i += 4) {
        total++;
        const blank = px[i + 3]! === 0 || (px[i]! > 245 && px[i + 1]! > 245 && px[i + 2]! > 245);
        if (!blank) drawn++;
      }
    }
    return total === 0 ? 0 : drawn / total;
  }, chartId);
}

/** The text of every cell of a table, row by row (header excluded). */
export async function tableCells(page: Page, testid: string): Promise<string[][]> {
  return page.$$eval(`[data-testid="${testid}"] tbody tr`, (rows) =>
    rows.map((r) => Array.from(r.querySelectorAll('td'), (td) => td.textContent ?? '')),
  );
}
