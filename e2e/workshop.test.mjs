// Docker's getting-started workshop in the browser, typed as its pages say: clone the app,
// write its Dockerfile with a here-document, build it (the RUN step's yarn install), run it
// with its port published on 127.0.0.1, and ask it with curl; then the bind-mount chapter's
// dev mode answers with the app's page, and its /items API keeps an item added with curl.
// The screenshot shows the build and the runs.
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

test('the getting-started app is cloned, built and run', async () => {
  const { page, problems } = await open();
  await submit(page, 'git clone https://github.com/docker/getting-started-app.git');
  let out = await lines(page);
  assert.ok(out.includes("Cloning into 'getting-started-app'..."), out.join('\n'));

  await submit(page, 'cd getting-started-app');
  await submit(page, 'ls');
  out = await lines(page);
  assert.ok(out.some((l) => /package\.json/.test(l) && /yarn\.lock/.test(l)), out.join('\n'));

  await paste(
    page,
    "cat > Dockerfile <<'EOF'\n" +
      'FROM node:lts-alpine\n' +
      'WORKDIR /app\n' +
      'COPY . .\n' +
      'RUN yarn install --production\n' +
      'CMD ["node", "src/index.js"]\n' +
      'EXPOSE 3000\n' +
      'EOF\n',
  );
  await submit(page, 'docker build -t getting-started .');
  out = await lines(page);
  assert.ok(out.some((l) => /^\[\+\] Building \d+\.\ds \(\d+\/\d+\) FINISHED +docker:default$/.test(l)), out.join('\n'));
  assert.ok(out.some((l) => /^ => \[4\/4\] RUN yarn install --production +\d+\.\ds$/.test(l)), out.join('\n'));
  assert.ok(out.some((l) => l.includes('=> => naming to docker.io/library/getting-started:latest')), out.join('\n'));

  await submit(page, 'docker run -d -p 127.0.0.1:3000:3000 getting-started');
  out = await page.locator('.screen .line.stdout').allTextContents();
  assert.match(out.at(-1), /^[0-9a-f]{64}$/);

  // The built image runs the app: its page on port 3000.
  await submit(page, 'curl -s http://localhost:3000/ | grep title');
  out = await page.locator('.screen .line.stdout').allTextContents();
  assert.equal(out.at(-1).trim(), '<title>Todo App</title>');

  // The bind-mount chapter: the app's files from the host folder, started by nodemon.
  await submit(
    page,
    'docker run -dp 127.0.0.1:3001:3000 -w /app --mount type=bind,src="$(pwd)",target=/app node:lts-alpine sh -c "yarn install && yarn run dev"',
  );
  await submit(page, 'curl -s http://localhost:3001/ | grep title');
  out = await page.locator('.screen .line.stdout').allTextContents();
  assert.equal(out.at(-1).trim(), '<title>Todo App</title>');

  // The app's API (part 5): an item added with curl comes back from GET /items.
  await submit(
    page,
    `curl -s -X POST -H 'Content-Type: application/json' -d '{"name":"Be awesome!"}' localhost:3000/items`,
  );
  await submit(page, 'curl -s localhost:3000/items');
  out = await page.locator('.screen .line.stdout').allTextContents();
  assert.match(out.at(-1), /^\[\{"id":"[0-9a-f-]{36}","name":"Be awesome!","completed":false\}\]$/);

  mkdirSync(new URL('./screenshots', import.meta.url), { recursive: true });
  await page.screenshot({ path: new URL('./screenshots/workshop.png', import.meta.url).pathname });
  assert.deepEqual(problems, []);
  await page.close();
});
