// Commands that keep running in the foreground, as a learner meets them: `docker run nginx`
// without -d streams nginx's start-up lines and holds the terminal (no prompt, typed lines only
// echoed) until Ctrl-C, which nginx answers with its shutdown lines; `docker logs -f` follows,
// ticked by the page's timer, and Ctrl-C gives the prompt back with the container still up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { useBrowser, open, submit } from './harness.mjs';

useBrowser();

const prompt = (page) => page.locator('label[for="terminal-input"]').textContent();
const stdout = (page) => page.locator('.screen .line.stdout').allTextContents();

test('docker run nginx streams, Ctrl-C stops it and the prompt returns', async () => {
  const { page, problems } = await open();
  await submit(page, 'docker run --name web nginx');
  await page.waitForFunction(() =>
    [...document.querySelectorAll('.screen .line.stdout')].some((l) =>
      l.textContent.endsWith('[notice] 1#1: start worker process 30')));
  assert.equal(await prompt(page), '');
  // A line typed now is echoed, not run.
  await submit(page, 'docker ps');
  assert.ok(!(await stdout(page)).some((l) => l.startsWith('CONTAINER ID')));
  // Let the timer tick once or twice, then Ctrl-C.
  await page.waitForTimeout(1500);
  await page.keyboard.press('Control+c');
  await page.waitForFunction(() =>
    [...document.querySelectorAll('.screen .line.stdout')].some((l) =>
      l.textContent.endsWith('[notice] 1#1: signal 2 (SIGINT) received, exiting')));
  await page.waitForFunction(() =>
    document.querySelector('label[for="terminal-input"]').textContent === 'root@host1:~# ');
  const out = await stdout(page);
  assert.ok(out[out.length - 1].endsWith('[notice] 1#1: exit'), out.join('\n'));
  mkdirSync(new URL('./screenshots', import.meta.url), { recursive: true });
  await page.screenshot({ path: new URL('./screenshots/follow.png', import.meta.url).pathname });

  // Forgetting -d and trying again: the name is taken by the stopped container.
  await submit(page, 'docker run -d --name web nginx');
  const errors = await page.locator('.screen .line.stderr').allTextContents();
  assert.ok(errors.some((l) => l.includes('Conflict. The container name "/web" is already in use')),
    errors.join('\n'));
  assert.deepEqual(problems, []);
  await page.close();
});

test('docker logs -f follows until Ctrl-C; the container keeps running', async () => {
  const { page, problems } = await open();
  await submit(page, 'docker run -d --name web nginx');
  await submit(page, 'docker logs -f --tail 1 web');
  assert.equal(await prompt(page), '');
  await page.waitForTimeout(1200);
  await page.keyboard.press('Control+c');
  await page.waitForFunction(() =>
    document.querySelector('label[for="terminal-input"]').textContent === 'root@host1:~# ');
  await submit(page, "docker ps --format '{{.Names}}'");
  const out = await stdout(page);
  assert.equal(out[out.length - 1], 'web');
  // Ctrl-C with text selected copies instead: the prompt stays, nothing is interrupted.
  await page.locator('.screen .line.stdout').last().selectText();
  await page.keyboard.press('Control+c');
  assert.equal(await prompt(page), 'root@host1:~# ');
  assert.deepEqual(problems, []);
  await page.close();
});
