// docker compose in the browser, as a learner types it from the docs: a compose.yaml pasted as a
// here-document, `docker compose up -d`, then `docker compose ps` listing both services.
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

const lines = (page) => page.locator('.screen .line').allTextContents();

test('a pasted compose.yaml comes up with docker compose up -d and shows in docker compose ps', async () => {
  const { page, problems } = await open();
  await paste(
    page,
    "cat > compose.yaml <<'EOF'\n" +
      'services:\n' +
      '  web:\n' +
      '    image: nginx\n' +
      '    ports:\n' +
      '      - "8080:80"\n' +
      '    depends_on:\n' +
      '      - cache\n' +
      '  cache:\n' +
      '    image: redis:alpine\n' +
      'EOF\n',
  );
  await submit(page, 'docker compose up -d');
  await page.waitForFunction(() =>
    [...document.querySelectorAll('.screen .line')].some((l) => l.textContent.includes('Container root-web-1')));
  let out = await lines(page);
  assert.ok(out.some((l) => l.startsWith('[+] Running 3/3')), out.join('\n'));
  assert.ok(out.some((l) => /✔ Network root_default\s+Created/.test(l)), out.join('\n'));
  assert.ok(out.some((l) => /✔ Container root-cache-1\s+Started/.test(l)), out.join('\n'));
  assert.ok(out.some((l) => /✔ Container root-web-1\s+Started/.test(l)), out.join('\n'));

  await submit(page, 'docker compose ps');
  out = await page.locator('.screen .line.stdout').allTextContents();
  assert.ok(out.some((l) => l.startsWith('NAME ') && l.includes('SERVICE')), out.join('\n'));
  assert.ok(out.some((l) => l.startsWith('root-cache-1 ') && l.includes('redis:alpine')), out.join('\n'));
  assert.ok(
    out.some((l) => l.startsWith('root-web-1 ') && l.includes('0.0.0.0:8080->80/tcp')),
    out.join('\n'),
  );
  assert.equal(await page.inputValue('#terminal-input'), '');
  assert.deepEqual(problems, []);
  mkdirSync(new URL('./screenshots', import.meta.url), { recursive: true });
  await page.screenshot({ path: new URL('./screenshots/compose.png', import.meta.url).pathname });
  await page.close();
});
