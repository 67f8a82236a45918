// `nano FILE` in the browser: the editor panel opens on the file's text, Ctrl-S saves it
// through the session (daemon.json is then read by dockerd at its restart), Esc closes it
// unchanged, and typing goes back to the terminal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { useBrowser, open, submit } from './harness.mjs';

useBrowser();

const lines = (page, kind) => page.locator(`.screen .line.${kind}`).allTextContents();

test('nano opens the editor panel; Ctrl-S saves, Esc cancels', async () => {
  const { page, problems } = await open();
  await submit(page, 'nano /etc/docker/daemon.json');
  const editor = page.locator('.editor');
  await editor.waitFor({ state: 'visible' });
  assert.equal(await page.inputValue('#editor-text'), '');
  await page.fill('#editor-text', '{\n  "colour": "blue"\n}\n');
  mkdirSync(new URL('./screenshots', import.meta.url), { recursive: true });
  await page.screenshot({ path: new URL('./screenshots/editor.png', import.meta.url).pathname });
  await page.keyboard.press('Control+s');
  await editor.waitFor({ state: 'detached' });

  await submit(page, 'cat /etc/docker/daemon.json');
  assert.ok((await lines(page, 'stdout')).includes('  "colour": "blue"'));
  await submit(page, 'systemctl restart docker');
  const errors = await page.locator('.screen .line.stderr').allTextContents();
  assert.ok(errors.some((l) => l.startsWith('Job for docker.service failed')), errors.join('\n'));

  // Opened again, the panel shows the saved text; the Save button works as Ctrl-S does.
  await submit(page, 'nano /etc/docker/daemon.json');
  await editor.waitFor({ state: 'visible' });
  assert.match(await page.inputValue('#editor-text'), /colour/);
  await page.fill('#editor-text', '{}\n');
  await page.click('.editor button.run');
  await editor.waitFor({ state: 'detached' });
  await submit(page, 'systemctl restart docker');
  await submit(page, 'docker ps --format {{.Names}}');

  // Esc closes without writing, and the terminal has the keyboard again.
  await submit(page, 'nano notes.txt');
  await editor.waitFor({ state: 'visible' });
  await page.fill('#editor-text', 'never saved');
  await page.keyboard.press('Escape');
  await editor.waitFor({ state: 'detached' });
  await page.keyboard.type('cat notes.txt');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() =>
    [...document.querySelectorAll('.screen .line.stderr')].some((l) => l.textContent.includes('notes.txt: No such file')));
  assert.deepEqual(problems, []);
  await page.close();
});
