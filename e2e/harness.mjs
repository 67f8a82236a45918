// The browser tests' harness: one Chromium (Debian's) and one static server for dist/ per test
// file, a page that records console errors and any request leaving the origin, and the typing
// helpers every test uses.
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';
import { serve } from './serve.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
let server;
let browser;

/** Starts the server and the browser before the file's tests, and stops them after. */
export function useBrowser() {
  before(async () => {
    server = await serve(new URL('../dist', import.meta.url).pathname);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
}

/** Opens the app, recording console errors and any request that leaves the origin. */
export async function open(viewport = { width: 1440, height: 900 }) {
  const page = await browser.newPage({ viewport });
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith(server.origin + '/') && !url.startsWith('data:')) {
      problems.push(`request outside the origin: ${url}`);
    }
  });
  await page.goto(server.origin + '/');
  await page.locator('#terminal-input').waitFor();
  return { page, problems };
}

// Clicks every Run button of the lesson's current step, each after the last one's output,
// then waits for every goal of the step to turn green.
export async function runStep(page) {
  const runs = page.locator('button.run');
  const count = await runs.count();
  for (let i = 0; i < count; i += 1) {
    const before = await page.locator('.screen .line').count();
    await runs.nth(i).click();
    await page.waitForFunction((n) => document.querySelectorAll('.screen .line').length > n, before);
  }
  await page.waitForFunction(() => document.querySelectorAll('.goal.unmet').length === 0);
}

export async function submit(page, line) {
  const before = await page.locator('.screen .line').count();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
  await page.waitForFunction(
    (n) => document.querySelectorAll('.screen .line').length > n,
    before,
  );
}
