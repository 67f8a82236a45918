// End-to-end: the first vertical slice in a real headless Chromium, against the built dist/.
// A learner types `docker run -d --name web nginx`, then `docker ps`, and sees the container in
// the terminal and in the topology. The page must make no request outside its own origin and
// log no console error. The screenshot it saves is the one the README shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { useBrowser, open, runStep, submit } from './harness.mjs';

useBrowser();

test('a container run in the terminal shows in docker ps and in the topology', async () => {
  const { page, problems } = await open();

  // Focus lands in the terminal: typing needs no click.
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'terminal-input');

  await submit(page, 'docker run -d --name web nginx');
  const stdout = await page.locator('.screen .line.stdout').allTextContents();
  assert.match(stdout.at(-1), /^[0-9a-f]{64}$/, 'docker run -d prints the full container ID');

  await submit(page, 'docker ps');
  const lines = await page.locator('.screen .line').allTextContents();
  const header = lines.findIndex((l) => l.startsWith('CONTAINER ID'));
  assert.ok(header >= 0, 'docker ps prints its table header');
  assert.match(lines[header], /^CONTAINER ID {3}IMAGE {5}COMMAND {18}CREATED {8}STATUS {8}PORTS {5}NAMES$/);
  assert.match(lines[header + 1], /^[0-9a-f]{12} {3}nginx .* web$/);

  const node = page.locator('svg.topology g.container-node[data-name="web"]');
  await node.waitFor();
  assert.equal(await node.locator('.node-name').textContent(), 'web');
  assert.equal(await node.locator('.node-ip').textContent(), '172.17.0.2');
  assert.match(await page.locator('svg.topology').textContent(), /bridge\s+·\s+172\.17\.0\.0\/16/);

  // History: Up brings back the last command.
  await page.keyboard.press('ArrowUp');
  assert.equal(await page.inputValue('#terminal-input'), 'docker ps');
  await page.keyboard.press('ArrowUp');
  assert.equal(await page.inputValue('#terminal-input'), 'docker run -d --name web nginx');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.inputValue('#terminal-input'), '');

  // A second container takes the next address.
  await submit(page, 'docker run -d --name db redis');
  await page.locator('g.container-node[data-name="db"]').waitFor();
  assert.equal(await page.locator('g.container-node[data-name="db"] .node-ip').textContent(), '172.17.0.3');

  mkdirSync(new URL('../docs', import.meta.url), { recursive: true });
  await page.screenshot({ path: new URL('../docs/screenshot.png', import.meta.url).pathname });
  assert.deepEqual(problems, []);
  await page.close();
});

test('stopping a container releases its address and errors read like Docker', async () => {
  const { page, problems } = await open();
  await submit(page, 'docker run -d --name web nginx');
  await submit(page, 'docker stop web');
  await page.locator('g.container-node.stopped[data-name="web"]').waitFor();
  assert.match(await page.locator('g.container-node[data-name="web"] .node-ip').textContent(), /no address/);

  await submit(page, 'docker foo');
  const errors = await page.locator('.screen .line.stderr').allTextContents();
  assert.deepEqual(errors.slice(-3), [
    'docker: unknown command: docker foo',
    '',
    "Run 'docker --help' for more information",
  ]);

  await page.keyboard.type('clear');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('.screen .line.stderr').length === 0);
  assert.equal(await page.locator('.screen .line.stdout, .screen .line.stderr').count(), 0);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a user-defined network, a shell inside a container, and the detach keys', async () => {
  const { page, problems } = await open();
  await submit(page, 'docker network create appnet');
  await submit(page, 'docker run -d --name api --network appnet -p 8080:80 nginx');
  await submit(page, 'docker run -it --name shell --network appnet alpine sh');
  assert.equal(await page.locator('label[for="terminal-input"]').textContent(), '/ # ');

  await submit(page, 'ping -c 1 api');
  const out = await page.locator('.screen .line.stdout').allTextContents();
  assert.ok(out.some((l) => l.startsWith('64 bytes from 172.18.0.2: seq=0 ttl=64')), out.join('\n'));

  // Ctrl-P Ctrl-Q: Docker's detach keys leave the shell running.
  await page.keyboard.press('Control+p');
  await page.keyboard.press('Control+q');
  await page.waitForFunction(() =>
    [...document.querySelectorAll('.screen .line.stderr')].some((l) => l.textContent === 'read escape sequence'));
  assert.equal(await page.locator('label[for="terminal-input"]').textContent(), 'root@host1:~# ');

  const net = page.locator('svg.topology g.network[data-network="appnet"]');
  assert.match(await net.locator('.network-label').textContent(), /appnet\s+·\s+172\.18\.0\.0\/16/);
  assert.equal(await net.locator('g.container-node[data-name="api"] .node-ip').textContent(), '172.18.0.2');
  assert.equal(await net.locator('g.container-node[data-name="api"] .node-ports').textContent(), '8080→80/tcp');
  assert.equal(await net.locator('g.container-node[data-name="shell"] .node-ip').textContent(), '172.18.0.3');

  mkdirSync(new URL('./screenshots', import.meta.url), { recursive: true });
  await page.screenshot({ path: new URL('./screenshots/networks.png', import.meta.url).pathname });
  assert.deepEqual(problems, []);
  await page.close();
});

test('lesson 3 from the picker: Run buttons, goals turning green, next steps', async () => {
  const { page, problems } = await open();
  await page.locator('button.lesson-link[data-lesson="names-not-numbers"]').click();
  await page.locator('.lesson-step h2').waitFor();
  assert.equal(await page.locator('.lesson-step h2').textContent(), 'Names, not numbers');
  for (let step = 1; step <= 4; step += 1) {
    assert.equal(await page.locator('.lesson-head .progress').textContent(), `Step ${step} of 4`);
    assert.ok(await page.locator('.goal.unmet').count() > 0, `step ${step} starts with goals to meet`);
    await runStep(page);
    assert.ok(await page.locator('.goal.met').count() > 0);
    if (step < 4) {
      await page.locator('button.next').click();
      await page.waitForFunction((n) => document.querySelector('.lesson-head .progress')?.textContent === `Step ${n} of 4`, step + 1);
    }
  }
  await page.locator('.complete').waitFor();
  mkdirSync(new URL('./screenshots', import.meta.url), { recursive: true });
  await page.screenshot({ path: new URL('./screenshots/lesson.png', import.meta.url).pathname });
  // Back to the picker: the lesson is marked done, and stays so after a reload (localStorage).
  await page.locator('button.back').click();
  await page.locator('button.lesson-link[data-lesson="names-not-numbers"] .done-mark').waitFor();
  await page.reload();
  await page.locator('button.lesson-link[data-lesson="names-not-numbers"] .done-mark').waitFor();
  assert.deepEqual(problems, []);
  await page.close();
});

test('a corrupt saved progress entry is ignored with a notice', async () => {
  const { page, problems } = await open();
  await page.evaluate(() => localStorage.setItem('berth.progress.v1', '{"old":true}'));
  await page.reload();
  await page.waitForFunction(() =>
    [...document.querySelectorAll('.screen .line.notice')].some((l) => l.textContent.includes('could not be read')));
  assert.equal(await page.locator('.done-mark').count(), 0);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a trainer previews a local lesson file and sees its problems; French lessons', async () => {
  const { page, problems } = await open();
  const lesson = [
    '+++', 'id = "draft"', 'title = "Draft lesson"', 'summary = "s"', 'level = "beginner"',
    'minutes = 1', 'seed = 1', '+++', '## Run it', '```sh', 'docker run -d --name web nginx', '```',
    '<script>window.hacked = true</script>',
    '[bad](javascript:alert(1))',
    '```check', 'container web is dancing', 'container web is running', '```',
    '```solution', 'docker run -d --name web nginx', '```',
  ].join('\n');
  await page.locator('.preview input[type=file]').setInputFiles({
    name: 'draft.md', mimeType: 'text/markdown', buffer: Buffer.from(lesson),
  });
  await page.locator('.lesson-step h2').waitFor();
  assert.equal(await page.locator('.lesson-step h2').textContent(), 'Draft lesson');
  assert.match(await page.locator('.problems').textContent(), /16: unknown container state `dancing`/);
  assert.equal(await page.evaluate(() => window.hacked), undefined, 'no script from a lesson runs');
  assert.equal(await page.locator('.lesson-step script').count(), 0);
  assert.equal(await page.locator('.lesson-step a[href^="javascript"]').count(), 0);
  await page.locator('button.run').click();
  await page.waitForFunction(() => document.querySelectorAll('.goal.unmet').length === 0);

  await page.locator('button.back').click();
  await page.selectOption('#language', 'fr');
  await page.locator('button.lesson-link[data-lesson="first-container"] .lesson-title').waitFor();
  assert.equal(await page.locator('button.lesson-link[data-lesson="first-container"] .lesson-title').textContent(), 'Votre premier conteneur');
  assert.deepEqual(problems, []);
  await page.close();
});

test('the page reads on a phone-sized screen', async () => {
  const { page, problems } = await open({ width: 390, height: 844 });
  await submit(page, 'docker run -d --name web nginx');
  await page.locator('g.container-node[data-name="web"]').waitFor();
  mkdirSync(new URL('./screenshots', import.meta.url), { recursive: true });
  await page.screenshot({ path: new URL('./screenshots/phone.png', import.meta.url).pathname, fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('two hosts on the underlay: ssh names the host in the prompt, the picture shows both', async () => {
  const { page, problems } = await open();
  await submit(page, 'host add host2');
  await submit(page, 'ssh host2');
  assert.equal(await page.locator('label[for="terminal-input"]').textContent(), 'root@host2:~# ');
  await submit(page, 'docker run -d --name web -p 8080:80 nginx');
  await submit(page, 'exit');
  assert.equal(await page.locator('label[for="terminal-input"]').textContent(), 'root@host1:~# ');
  await submit(page, 'curl http://host2:8080/');
  const out = await page.locator('.screen .line.stdout').allTextContents();
  assert.ok(out.includes('<title>Welcome to nginx!</title>'), out.join('\n'));
  // curl's path plays too: host1's eth0, the underlay, host2's eth0.
  await page.locator('svg.topology g.host[data-host="host2"] .host-eth0.lit.last').waitFor();
  assert.equal(await page.locator('svg.topology .underlay.lit').count(), 1);
  await submit(page, 'firewall host2 deny 8080/tcp');
  await submit(page, 'curl http://host2:8080/');
  const err = await page.locator('.screen .line.stderr').allTextContents();
  assert.ok(err.some((l) => l.startsWith('curl: (28) Failed to connect to host2 port 8080')), err.join('\n'));
  await page.locator('svg.topology g.host[data-host="host2"] .host-eth0.lit.failed').waitFor();

  assert.equal(await page.locator('svg.topology g.host').count(), 2);
  assert.match(await page.locator('svg.topology .underlay-label').textContent(), /underlay 192\.168\.50\.0\/24/);
  const host2 = page.locator('svg.topology g.host[data-host="host2"]');
  assert.equal(await host2.locator('.host-eth0').textContent(), 'eth0 192.168.50.12');
  assert.equal(await host2.locator('.firewall').textContent(), 'firewall drops 8080/tcp');
  assert.equal(await host2.locator('g.container-node[data-name="web"] .node-ip').textContent(), '172.17.0.2');
  await submit(page, 'host add host3');
  await submit(page, 'host stop host3');
  await page.locator('svg.topology g.host.stopped[data-host="host3"]').waitFor();

  // One terminal tab per running host; each keeps its own screen.
  assert.deepEqual(await page.locator('.tabs .tab').allTextContents(), ['host1', 'host2']);
  await page.locator('.tabs .tab[data-host="host2"]').click();
  assert.equal(await page.locator('.tabs .tab.active').textContent(), 'host2');
  assert.equal(await page.locator('label[for="terminal-input"]').textContent(), 'root@host2:~# ');
  await submit(page, 'docker ps --format "{{.Names}}"');
  assert.deepEqual(await page.locator('.screen .line.stdout').allTextContents(), ['web']);
  await page.locator('.tabs .tab[data-host="host1"]').click();
  assert.equal(await page.locator('label[for="terminal-input"]').textContent(), 'root@host1:~# ');
  const back = await page.locator('.screen .line.stderr').allTextContents();
  assert.ok(back.some((l) => l.startsWith('curl: (28)')), 'host1 keeps its screen');

  mkdirSync(new URL('./screenshots', import.meta.url), { recursive: true });
  await page.screenshot({ path: new URL('./screenshots/hosts.png', import.meta.url).pathname });
  assert.deepEqual(problems, []);
  await page.close();
});

test('security lesson 1: privileged means root on the host, the picture marks the host taken', async () => {
  const { page, problems } = await open();
  await page.locator('button.lesson-link[data-lesson="privileged-root"]').click();
  await page.locator('.lesson-step h2').waitFor();
  assert.equal(await page.locator('.lesson-step h2').textContent(), 'Privileged means root on the host');
  for (let step = 1; step <= 3; step += 1) {
    assert.equal(await page.locator('.lesson-head .progress').textContent(), `Step ${step} of 3`);
    await runStep(page);
    if (step === 2) {
      // The escape shows: the host's frame turns red and says how it was taken.
      await page.locator('svg.topology g.host.compromised[data-host="host1"]').waitFor();
      assert.equal(await page.locator('svg.topology .compromised-label').textContent(), 'root on host1 taken from priv');
      assert.equal(await page.locator('svg.topology .compromised-via').textContent(), '--privileged: mount /dev/sda1 /mnt, chroot /mnt');
      assert.equal(await page.locator('svg.topology g.container-node.escaped[data-name="priv"]').count(), 1);
      const out = await page.locator('.screen .line.stdout').allTextContents();
      assert.ok(out.some((l) => l.startsWith('root:$y$')), out.join('\n'));
      mkdirSync(new URL('./screenshots', import.meta.url), { recursive: true });
      await page.screenshot({ path: new URL('./screenshots/escape.png', import.meta.url).pathname });
    }
    if (step < 3) {
      await page.locator('button.next').click();
      await page.waitForFunction((n) => document.querySelector('.lesson-head .progress')?.textContent === `Step ${n} of 3`, step + 1);
    }
  }
  await page.locator('.complete').waitFor();
  assert.deepEqual(problems, []);
  await page.close();
});

test('the audit panel: a privileged container shows as a warning with its fix, and goes with it', async () => {
  const { page, problems } = await open();
  const summary = page.locator('.audit-panel .audit-summary');
  assert.match(await summary.textContent(), /^Audit \(docker-bench-security\): score -?\d+, \d+ warnings?$/);
  await submit(page, 'docker run -d --name risky --privileged -v /var/run/docker.sock:/var/run/docker.sock nginx');
  await summary.click();
  const finding = page.locator('.audit-panel li.audit-finding[data-key="container.privileged"]');
  await finding.waitFor();
  assert.equal(await finding.locator('.audit-id').textContent(), '5.5');
  assert.match(await finding.locator('.audit-items').textContent(), /Container running in Privileged mode: risky/);
  assert.match(await finding.locator('.audit-fix').textContent(), /without --privileged/);
  assert.equal(await page.locator('.audit-panel li.audit-finding[data-key="container.docker_socket"]').count(), 1);
  mkdirSync(new URL('./screenshots', import.meta.url), { recursive: true });
  await page.screenshot({ path: new URL('./screenshots/audit.png', import.meta.url).pathname });
  await page.locator('#terminal-input').focus();
  await submit(page, 'docker rm -f risky');
  assert.equal(await page.locator('.audit-panel li.audit-finding[data-key="container.privileged"]').count(), 0);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a Windows host: its own tab and cmd prompt, Windows containers on nat, ipconfig', async () => {
  const { page, problems } = await open();
  await submit(page, 'host add win1 --os windows');
  await page.locator('.tabs .tab[data-host="win1"]').click();
  assert.equal(await page.locator('label[for="terminal-input"]').textContent(), 'administrator@win1 C:\\Users\\Administrator>');
  await submit(page, 'docker run -d --name web mcr.microsoft.com/windows/servercore:ltsc2022 ping -t localhost');
  await submit(page, 'docker run -it mcr.microsoft.com/windows/nanoserver:ltsc2022');
  assert.equal(await page.locator('label[for="terminal-input"]').textContent(), 'C:\\>');
  await submit(page, 'ping -n 1 web');
  const out = await page.locator('.screen .line.stdout').allTextContents();
  assert.ok(out.some((l) => /^Reply from 172\.\d+\.\d+\.2: bytes=32 time<1ms TTL=128$/.test(l)), out.join('\n'));
  await submit(page, 'ipconfig');
  const ip = await page.locator('.screen .line.stdout').allTextContents();
  assert.ok(ip.includes('Ethernet adapter vEthernet (Ethernet):'), ip.join('\n'));
  await submit(page, 'exit');
  assert.match(await page.locator('svg.topology g.host.windows[data-host="win1"] .host-label').textContent(), /^win1 · Windows$/);
  await page.locator('svg.topology g.host[data-host="win1"] g.network[data-network="nat"]').waitFor();
  mkdirSync(new URL('./screenshots', import.meta.url), { recursive: true });
  await page.screenshot({ path: new URL('./screenshots/windows.png', import.meta.url).pathname });
  assert.deepEqual(problems, []);
  await page.close();
});

test('an overlay across two hosts: the picture joins its buses with a VXLAN tunnel', async () => {
  const { page, problems } = await open();
  await submit(page, 'host add host2');
  await submit(page, 'docker swarm init');
  await submit(page, 'docker swarm join-token -q worker');
  const lines = await page.locator('.screen .line.stdout').allTextContents();
  const token = lines.filter((l) => l.startsWith('SWMTKN-1-')).pop();
  assert.ok(token, lines.join('\n'));
  await submit(page, 'docker network create -d overlay --attachable test-net');
  await submit(page, 'docker run -dit --name alpine1 --network test-net alpine');
  await page.locator('.tabs .tab[data-host="host2"]').click();
  await submit(page, `docker swarm join --token ${token} 192.168.50.11:2377`);
  await submit(page, 'docker run -dit --name alpine2 --network test-net alpine');
  await submit(page, 'docker exec alpine2 ping -c 1 alpine1');
  const out = await page.locator('.screen .line.stdout').allTextContents();
  assert.ok(out.some((l) => l.startsWith('64 bytes from 10.0.1.2')), out.join('\n'));

  // The ping's path plays hop by hop and stays lit: alpine2, test-net on host2, the tunnel,
  // test-net on host1, alpine1.
  await page.locator('svg.topology g.host[data-host="host1"] g.container-node.lit.last[data-name="alpine1"]').waitFor();
  assert.equal(await page.locator('svg.topology g.tunnel.lit[data-network="test-net"]').count(), 1);
  assert.equal(await page.locator('svg.topology g.host[data-host="host2"] g.container-node.lit[data-name="alpine2"]').count(), 1);
  assert.equal(await page.locator('.path-status').textContent(), 'arrived');
  mkdirSync(new URL('./screenshots', import.meta.url), { recursive: true });
  await page.screenshot({ path: new URL('./screenshots/path.png', import.meta.url).pathname });

  // Step by step: one hop per click; a dropped packet ends red where it stopped.
  await page.selectOption('#path-speed', 'step');
  await page.locator('#terminal-input').focus();
  await submit(page, 'firewall host2 deny 4789/udp');
  await submit(page, 'trace alpine2 alpine1');
  assert.equal(await page.locator('svg.topology .lit').count(), 1);
  await page.locator('button.next-hop').click();
  assert.equal(await page.locator('svg.topology .lit').count(), 2);
  // Inside the tunnel, the picture shows the packet wrapped: outer UDP, VXLAN header, packet.
  let sawTunnel = false;
  while (await page.locator('button.next-hop').count() > 0) {
    await page.locator('button.next-hop').click();
    if (!sawTunnel && (await page.locator('svg.topology g.encapsulation').count()) > 0) {
      sawTunnel = true;
      assert.equal(await page.locator('svg.topology g.encapsulation').getAttribute('data-header'), 'VXLAN 4097');
      assert.match(await page.locator('svg.topology g.encapsulation').textContent(), /UDP 192\.168\.50\.12 → 192\.168\.50\.11:4789/);
      assert.match(await page.locator('.path-status').textContent(), /^hop \d+ of \d+: vxlan 4097: 192\.168\.50\.12 → 192\.168\.50\.11 udp\/4789$/);
      mkdirSync(new URL('./screenshots', import.meta.url), { recursive: true });
      await page.screenshot({ path: new URL('./screenshots/encapsulation.png', import.meta.url).pathname });
      await page.locator('svg.topology').screenshot({ path: new URL('./screenshots/encapsulation-picture.png', import.meta.url).pathname });
    }
  }
  assert.ok(sawTunnel, 'the VXLAN hop shows the encapsulation');
  assert.equal(await page.locator('.path-status').textContent(), 'dropped where it turns red');
  assert.equal(await page.locator('svg.topology .lit.failed').count(), 1);
  await page.locator('button.replay').click();
  assert.equal(await page.locator('svg.topology .lit').count(), 1);

  const tunnel = page.locator('svg.topology g.tunnel[data-network="test-net"]');
  await tunnel.waitFor();
  assert.equal(await tunnel.locator('title').textContent(), 'VXLAN 4097: test-net spans these hosts');
  assert.match(await page.locator('svg.topology g.host[data-host="host2"] g.network[data-network="test-net"] .network-label').textContent(), /test-net\s+·\s+10\.0\.1\.0\/24\s+·\s+vxlan 4097/);
  assert.equal(await page.locator('svg.topology g.host[data-host="host2"] g.container-node[data-name="alpine2"] .node-ip').textContent(), '10.0.1.4');
  mkdirSync(new URL('./screenshots', import.meta.url), { recursive: true });
  await page.screenshot({ path: new URL('./screenshots/overlay.png', import.meta.url).pathname });
  assert.deepEqual(problems, []);
  await page.close();
});

test('a laptop of 2015: docker-machine makes the VM, localhost fails until VirtualBox forwards the port', async () => {
  const { page, problems } = await open();
  await submit(page, 'host add mac --laptop');
  await page.locator('.tabs .tab[data-host="mac"]').click();
  assert.equal(await page.locator('label[for="terminal-input"]').textContent(), 'mac:~ learner$ ');
  await submit(page, 'docker ps');
  let out = await page.locator('.screen .line').allTextContents();
  assert.ok(out.includes('Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?'), out.join('\n'));
  await submit(page, 'docker-machine create -d virtualbox default');
  await submit(page, 'docker-machine env default');
  await page.keyboard.type('eval $(docker-machine env default)');
  await page.keyboard.press('Enter');
  await submit(page, 'docker run -d -p 8080:80 --name web nginx');
  await submit(page, 'curl localhost:8080');
  out = await page.locator('.screen .line').allTextContents();
  assert.ok(out.some((l) => l.startsWith('curl: (7) Failed to connect to localhost port 8080')), out.join('\n'));
  await submit(page, 'curl 192.168.99.100:8080');
  out = await page.locator('.screen .line').allTextContents();
  assert.ok(out.includes('<title>Welcome to nginx!</title>'), out.join('\n'));
  await page.keyboard.type('VBoxManage controlvm default natpf1 "tcp-port8080,tcp,,8080,,8080"');
  await page.keyboard.press('Enter');
  await submit(page, 'docker-machine ls');
  await submit(page, 'curl -s localhost:8080');
  out = await page.locator('.screen .line').allTextContents();
  assert.equal(out.filter((l) => l === '<title>Welcome to nginx!</title>').length, 2, out.join('\n'));
  assert.match(await page.locator('svg.topology g.host[data-host="mac"] .host-label').textContent(), /^mac · Mac laptop, no dockerd$/);
  assert.match(await page.locator('svg.topology g.host[data-host="default"] .host-label').textContent(), /^default · VM on mac$/);
  mkdirSync(new URL('./screenshots', import.meta.url), { recursive: true });
  await page.screenshot({ path: new URL('./screenshots/laptop.png', import.meta.url).pathname });
  assert.deepEqual(problems, []);
  await page.close();
});

test('security lesson 6: the same flaw on a plain host, in a VM, under Hyper-V and in a Triton zone', async () => {
  const { page, problems } = await open();
  await page.locator('button.lesson-link[data-lesson="containers-or-vms"]').click();
  await page.locator('.lesson-step h2').waitFor();
  assert.equal(await page.locator('.lesson-step h2').textContent(), 'Containers or VMs?');
  // The lesson's lab: a tab per host, the laptop and the data center among them.
  for (const host of ['host1', 'win1', 'mac', 'dc']) {
    await page.locator(`.tabs .tab[data-host="${host}"]`).waitFor();
  }
  for (let step = 1; step <= 5; step += 1) {
    assert.equal(await page.locator('.lesson-head .progress').textContent(), `Step ${step} of 5`);
    await runStep(page);
    if (step === 2) {
      // The escape lands on the VM, drawn under its laptop, and the laptop stays clean.
      await page.locator('svg.topology g.host.compromised[data-host="default"]').waitFor();
      assert.equal(await page.locator('svg.topology g.host.compromised[data-host="mac"]').count(), 0);
      assert.match(await page.locator('svg.topology g.host[data-host="default"] .host-label').textContent(), /^default · VM on mac$/);
    }
    if (step === 3) {
      const out = await page.locator('.screen .line').allTextContents();
      assert.ok(out.some((l) => /^PING\.EXE +\d+ Services +2 /.test(l)), out.join('\n'));
      mkdirSync(new URL('./screenshots', import.meta.url), { recursive: true });
      await page.screenshot({ path: new URL('./screenshots/isolation.png', import.meta.url).pathname });
    }
    if (step < 5) {
      await page.locator('button.next').click();
      await page.waitForFunction((n) => document.querySelector('.lesson-head .progress')?.textContent === `Step ${n} of 5`, step + 1);
    }
  }
  await page.locator('.complete').waitFor();
  assert.deepEqual(problems, []);
  await page.close();
});
