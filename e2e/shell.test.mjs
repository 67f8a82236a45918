// The shell as learners use it in the browser: a multi-line command pasted from the docs runs as
// one command, an unfinished line waits at bash's `> ` prompt, and pipes, `&&`, `$(…)` and
// redirections behave as in bash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { useBrowser, open, submit } from './harness.mjs';

useBrowser();

/** Pastes `text` into the terminal's input as the clipboard would. */
async function paste(page, text) {
  const before = await page.locator('.screen .line').count();
  await page.evaluate((t) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    const input = document.getElementById('terminal-input');
    input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
  await page.waitForFunction((n) => document.querySelectorAll('.screen .line').length > n, before);
}

const prompt = (page) => page.locator('label[for="terminal-input"]').textContent();

test('a multi-line command pasted from the docs runs as one command', async () => {
  const { page, problems } = await open();
  // Docker's macvlan tutorial, copied with its final newline.
  await paste(
    page,
    'docker network create -d macvlan \\\n' +
      '  --subnet=172.16.86.0/24 \\\n' +
      '  --gateway=172.16.86.1 \\\n' +
      '  -o parent=eth0 \\\n' +
      '  pub_net\n',
  );
  await page.waitForFunction(() =>
    [...document.querySelectorAll('.screen .line.stdout')].some((l) => /^[0-9a-f]{64}$/.test(l.textContent)));
  assert.equal(await prompt(page), 'root@host1:~# ');
  assert.equal(await page.inputValue('#terminal-input'), '');
  await submit(page, 'docker network ls --format {{.Name}}');
  const names = await page.locator('.screen .line.stdout').allTextContents();
  assert.ok(names.includes('pub_net'), names.join('\n'));
  assert.ok(!names.some((n) => n.includes('\\')), names.join('\n'));

  // Without a final newline the last line stays in the input, not run.
  await paste(page, 'docker ps\ndocker images');
  assert.equal(await page.inputValue('#terminal-input'), 'docker images');
  assert.deepEqual(problems, []);
  await page.close();
});

test('an unfinished line waits at the > prompt; pipes, && and $(...) work', async () => {
  const { page, problems } = await open();
  await submit(page, 'echo "two');
  assert.equal(await prompt(page), '> ');
  await submit(page, 'lines"');
  assert.equal(await prompt(page), 'root@host1:~# ');
  let out = await page.locator('.screen .line.stdout').allTextContents();
  assert.deepEqual(out.slice(-2), ['two', 'lines']);

  await submit(page, 'docker run -d --name web nginx && docker run -d --name db redis');
  await submit(page, 'docker ps | grep web');
  out = await page.locator('.screen .line.stdout').allTextContents();
  assert.match(out.at(-1), /^[0-9a-f]{12} {3}nginx .* web$/);

  await submit(page, 'docker ps -q | wc -l');
  out = await page.locator('.screen .line.stdout').allTextContents();
  assert.equal(out.at(-1), '2');

  await submit(page, 'docker rm -f $(docker ps -aq)');
  await page.waitForFunction(() => document.querySelectorAll('svg.topology g.container-node').length === 0);

  mkdirSync(new URL('./screenshots', import.meta.url), { recursive: true });
  await page.screenshot({ path: new URL('./screenshots/shell.png', import.meta.url).pathname });
  assert.deepEqual(problems, []);
  await page.close();
});

test('a mouse selection of the output survives its click; a plain click focuses the prompt', async () => {
  const { page, problems } = await open();
  await submit(page, 'echo select-me');
  const line = page.locator('.screen .line.stdout', { hasText: 'select-me' }).last();
  const box = await line.boundingBox();
  await page.mouse.move(box.x + 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + 200, box.y + box.height / 2, { steps: 8 });
  await page.mouse.up();
  assert.match(await page.evaluate(() => String(window.getSelection())), /select-me/);
  assert.notEqual(await page.evaluate(() => document.activeElement?.id), 'terminal-input');
  // A click without a selection gives the prompt the focus again.
  await page.evaluate(() => window.getSelection().removeAllRanges());
  await line.click();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'terminal-input');
  assert.deepEqual(problems, []);
  await page.close();
});

test('after a Run button the focus is at the prompt: Space types there, the block does not run twice', async () => {
  const { page, problems } = await open();
  await page.locator('button.lesson-link[data-lesson="names-not-numbers"]').click();
  await page.locator('.run-block button.run').first().waitFor();
  const command = await page.locator('.run-block code').first().textContent();
  const ran = () => page.locator('.screen .line.command', { hasText: command }).count();
  await page.locator('.run-block button.run').first().click();
  await page.waitForFunction((c) =>
    [...document.querySelectorAll('.screen .line.command')].some((l) => l.textContent.includes(c)), command);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'terminal-input');
  await page.keyboard.press('Space');
  assert.equal(await ran(), 1);
  assert.equal(await page.inputValue('#terminal-input'), ' ');
  assert.deepEqual(problems, []);
  await page.close();
});

test('readline keys: the draft line comes back after history, Ctrl-A/E/U/K/W edit the line', async () => {
  const { page, problems } = await open();
  const value = () => page.inputValue('#terminal-input');
  await submit(page, 'echo first');
  await page.keyboard.type('echo half-typ');
  await page.keyboard.press('ArrowUp');
  assert.equal(await value(), 'echo first');
  await page.keyboard.press('ArrowDown');
  assert.equal(await value(), 'echo half-typ');

  await page.fill('#terminal-input', 'echo one two three');
  await page.keyboard.press('Control+w');
  assert.equal(await value(), 'echo one two ');
  await page.keyboard.press('Control+a');
  await page.keyboard.type('X');
  assert.equal(await value(), 'Xecho one two ');
  await page.keyboard.press('Control+e');
  await page.keyboard.type('Y');
  assert.equal(await value(), 'Xecho one two Y');
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Control+k');
  assert.equal(await value(), '');
  await page.keyboard.type('docker ps');
  await page.keyboard.press('Control+u');
  assert.equal(await value(), '');
  assert.deepEqual(problems, []);
  await page.close();
});
