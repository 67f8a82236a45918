// docker build in the browser, as a learner follows Docker's getting-started guide: a Dockerfile
// written with a here-document, built (BuildKit's TTY progress), built again from the cache,
// then run. The screenshot shows the second build's CACHED steps.
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

test('a Dockerfile written in the terminal builds, hits the cache and runs', async () => {
  const { page, problems } = await open();
  await submit(page, 'echo "hello from my image" > app/hello.txt');
  await paste(
    page,
    "cat > app/Dockerfile <<'EOF'\n" +
      'FROM alpine\n' +
      'WORKDIR /app\n' +
      'COPY hello.txt .\n' +
      'RUN apk add curl\n' +
      'CMD ["echo", "hello from my image"]\n' +
      'EOF\n',
  );
  await submit(page, 'docker build -t app app');
  let out = await lines(page);
  assert.ok(out.some((l) => /^\[\+\] Building \d+\.\ds \(\d+\/\d+\) FINISHED +docker:default$/.test(l)), out.join('\n'));
  assert.ok(out.some((l) => /^ => \[4\/4\] RUN apk add curl +\d+\.\ds$/.test(l)), out.join('\n'));
  assert.ok(out.some((l) => l.includes('=> => naming to docker.io/library/app:latest')), out.join('\n'));

  await submit(page, 'docker build -t app app');
  out = await lines(page);
  assert.ok(out.some((l) => /^ => CACHED \[4\/4\] RUN apk add curl +0\.0s$/.test(l)), out.join('\n'));

  await submit(page, 'docker images');
  out = await lines(page);
  // `docker images` (either layout: `app  latest  ID` or Docker 29's `app:latest  ID`).
  assert.ok(out.some((l) => /^app(:latest| +latest)\s/.test(l) && /\b[0-9a-f]{12}\b/.test(l)), out.join('\n'));

  await submit(page, 'docker run --rm app');
  out = await page.locator('.screen .line.stdout').allTextContents();
  assert.equal(out.at(-1), 'hello from my image');

  mkdirSync(new URL('./screenshots', import.meta.url), { recursive: true });
  await page.screenshot({ path: new URL('./screenshots/build.png', import.meta.url).pathname });
  assert.deepEqual(problems, []);
  await page.close();
});
