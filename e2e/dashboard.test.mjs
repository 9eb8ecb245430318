// The security dashboard (issue 16) in a real browser: Debian's Chromium, headless, driven by
// playwright-core, loads the built page (dashboard/dist, served on 127.0.0.1) against a dev
// chain. What it shows is checked against the runtime API at the block the page says it read:
// the genesis networks and their ratios, the shared-stake graph, a simulated slash's cascade,
// the event feed in words, and the "cannot reach the node" state. Screenshots go to
// $SSP_TEST_OUTPUT/dashboard (e2e/output/dashboard by default).
//
// The tests share one chain and run in order: the genesis figures are checked first, the last
// test is the one that slashes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { freePort, startNode, submit } from './lib/node.mjs';
import { devChain } from './lib/dev.mjs';
import { serveDirectory } from './lib/static.mjs';
import { UNIT, PERBILL } from './lib/chain.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const DASHBOARD = join(here, '..', 'dashboard');
const DIST = join(DASHBOARD, 'dist');
const OUT = join(process.env.SSP_TEST_OUTPUT ?? join(here, 'output'), 'dashboard');
const CHROMIUM = process.env.SSP_CHROMIUM ?? '/usr/bin/chromium';
// The flags a closed machine needs: no sandbox as root, no GPU, no calls home.
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-sync',
  '--disable-background-networking', '--disable-component-update'];
const RED = 'rgb(229, 72, 77)';

let chain;
let api;
let k;
let site;
let browser;
let rpc;

/** Builds the page (a second; scripts/test.sh has installed its packages and built it already). */
function build() {
  const run = (args) => {
    const done = spawnSync('npm', args, { cwd: DASHBOARD, stdio: 'inherit', timeout: 300_000 });
    assert.equal(done.status, 0, `npm ${args.join(' ')} in dashboard/ failed`);
  };
  if (!existsSync(join(DASHBOARD, 'node_modules'))) run(['ci', '--no-audit', '--no-fund', '--loglevel=error']);
  run(['run', 'build']);
}

before(async () => {
  assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}: scripts/setup.sh installs Debian's chromium`);
  build();
  mkdirSync(OUT, { recursive: true });
  chain = await devChain(['Alice', 'Bob', 'Eve']);
  ({ api, k } = chain);
  rpc = `ws://127.0.0.1:${chain.rpcPort}`;
  site = await serveDirectory(DIST);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, timeout: 60_000 });
}, { timeout: 300_000 });

after(async () => {
  await browser?.close();
  await site?.close();
  await chain?.stop();
}, { timeout: 60_000 });

/** A page of the dashboard on `node`, with the errors it throws collected. */
async function open(node) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.setDefaultTimeout(30_000);
  const errors = [];
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  // What the page logs as an error too (a read or an event it failed on), but the lines of the
  // browser and of @polkadot/api about a node that does not answer.
  page.on('console', (message) => {
    if (message.type() === 'error' && !/WebSocket connection to|Failed to load resource|API-WS: disconnected/.test(message.text())) {
      errors.push(`console: ${message.text()}`);
    }
  });
  await page.goto(`${site.url}/?rpc=${encodeURIComponent(node)}`);
  return { page, errors };
}

async function screenshot(t, page, name) {
  const path = join(OUT, name);
  await page.screenshot({ path, fullPage: true });
  t.diagnostic(`screenshot: ${path}`);
}

/** The runtime API as of the block the page last drew. */
async function apiAtPageBlock(block) {
  return api.at(await api.rpc.chain.getBlockHash(block));
}

const big = (x) => x.toBigInt();
const ratioText = (fixed) => {
  const hundredths = (fixed * 100n) / 10n ** 18n;
  return `${hundredths / 100n}${hundredths % 100n ? `.${String(hundredths % 100n).padStart(2, '0').replace(/0$/, '')}` : ''}`;
};

test('a node that is down shows "cannot reach the node", then the page fills in once it answers', { timeout: 150_000 }, async (t) => {
  // The port is held by a server that drops every connection: no node answers there, and no
  // other test can take the port before the late node binds it.
  const port = await freePort();
  const holder = createServer((socket) => socket.destroy());
  await new Promise((resolve) => holder.listen(port, '127.0.0.1', resolve));
  const nowhere = `ws://127.0.0.1:${port}`;
  const { page, errors } = await open(nowhere);
  const alert = page.locator('#unreachable');
  await alert.waitFor({ state: 'visible', timeout: 15_000 });
  assert.match(await alert.innerText(), /Cannot reach the node/);
  assert.match(await alert.innerText(), new RegExp(nowhere.replace(/[.]/g, '\\.')));
  assert.match(await page.locator('#connection').innerText(), /Cannot reach the node at ws:\/\/127\.0\.0\.1:\d+/);
  assert.equal(await page.locator('main').isVisible(), false, 'no empty tables under the alert');
  await screenshot(t, page, 'unreachable.png');

  // A node comes up there: the page, still trying, connects and draws; the node goes away: the
  // page says so and keeps the last figures.
  await new Promise((resolve) => holder.close(resolve));
  let atStop = 0;
  const late = await startNode(['--consensus', 'manual-seal-300'], { rpcPort: port });
  try {
    await page.locator('#networks tr[data-network="0"]').waitFor({ timeout: 60_000 });
    assert.equal(await alert.isVisible(), false);
    assert.equal(await page.getAttribute('body', 'data-connection'), 'connected');
  } finally {
    atStop = errors.length;
    await late.stop();
  }
  // Until the node stopped, nothing went wrong; after, requests in flight fail with it (the
  // libraries log that), but nothing is left uncaught.
  await page.waitForFunction(() => document.body.dataset.connection === 'lost', null, { timeout: 15_000 });
  assert.match(await page.locator('#connection').innerText(), /Lost the connection to ws:\/\/127\.0\.0\.1:\d+/);
  assert.equal(await page.locator('#networks tr[data-network="0"]').isVisible(), true);
  assert.deepEqual(errors.slice(0, atStop), []);
  assert.deepEqual(errors.slice(atStop).filter((e) => e.startsWith('uncaught')), []);
  await page.close();
});

test('the genesis networks, their ratios and the shared-stake graph render as the runtime API gives them', { timeout: 90_000 }, async (t) => {
  const { page, errors } = await open(rpc);
  await page.locator('#networks tr[data-network="2"]').waitFor();
  await page.locator('#graph .edge').first().waitFor();
  // One read of the page, in the page: everything drawn from the same block.
  const drawn = await page.evaluate(() => ({
    block: Number(document.body.dataset.block),
    networks: [...document.querySelectorAll('#networks tr[data-network]')].map((row) => ({
      ...row.dataset,
      text: row.querySelector('.ratio-value').textContent,
      colour: getComputedStyle(row.querySelector('.ratio-value')).color,
    })),
    edges: [...document.querySelectorAll('#graph .edge')].map((e) => ({ ...e.dataset, label: e.querySelector('text').textContent })),
    nodes: [...document.querySelectorAll('#graph .node')].map((n) => n.dataset.network),
  }));
  const at = await apiAtPageBlock(drawn.block);
  const networks = await at.call.securityApi.networks();
  assert.deepEqual(drawn.networks.map((n) => n.network), ['0', '1', '2']);
  networks.forEach((n, i) => {
    const row = drawn.networks[i];
    const s = n.security;
    assert.equal(row.ratio, String(big(s.ratio)), `network ${i} ratio`);
    assert.equal(row.allocated, String(big(s.allocated)));
    assert.equal(row.coc, String(big(s.coc)));
    assert.equal(row.pfc, String(big(s.pfc)));
    assert.equal(row.meets, String(s.meetsTarget.isTrue));
    assert.equal(row.text, ratioText(big(s.ratio)), `network ${i} ratio as shown`);
  });
  // The genesis market (see e2e/story.test.mjs): 54,000, 24,000 and 27,000 SSP allocated;
  // network 1 under its target (red), network 2 just above it.
  assert.deepEqual(drawn.networks.map((n) => BigInt(n.allocated) / UNIT), [54_000n, 24_000n, 27_000n]);
  assert.deepEqual(drawn.networks.map((n) => n.text), ['1.79', '0.79', '1.04']);
  assert.deepEqual(drawn.networks.map((n) => n.level), ['secure', 'under', 'thin']);
  assert.equal(drawn.networks[1].colour, RED);

  const overlap = await at.call.securityApi.stakeOverlap();
  assert.deepEqual(drawn.nodes, ['0', '1', '2']);
  assert.deepEqual(drawn.edges.map((e) => [e.a, e.b, e.shared]),
    overlap.map((o) => [String(o.a.toNumber()), String(o.b.toNumber()), String(big(o.shared))]));
  assert.deepEqual(drawn.edges.map((e) => [e.a, e.b, e.label]), [['0', '1', '24,000 SSP'], ['0', '2', '15,000 SSP']]);

  // Bob runs at 150%: his row says so.
  const bob = page.locator(`#operators tr[data-operator="${k.bob.address}"]`);
  assert.equal(await bob.getAttribute('data-factor'), '1500000000');
  assert.match(await bob.innerText(), /^Bob\s+30,000 SSP\s+1\s+5%\s+150%/);

  // Live: the page follows new blocks.
  await page.waitForFunction((b) => Number(document.body.dataset.block) >= b + 3, drawn.block, { timeout: 20_000 });
  await screenshot(t, page, 'overview.png');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a simulated slash shows the cascade simulateSlash predicts, on the graph too', { timeout: 90_000 }, async (t) => {
  const { page, errors } = await open(rpc);
  await page.locator('#sim-target option').first().waitFor({ state: 'attached' });
  await page.selectOption('#sim-target', `operator:${k.bob.address}:2`);
  await page.fill('#sim-fraction', '150');
  await page.click('#sim-run');
  assert.match(await page.locator('#sim-result .error').innerText(), /percentage from 0 to 100/);

  await page.fill('#sim-fraction', '20');
  await page.click('#sim-run');
  await page.locator('#sim-result[data-state="done"]').waitFor();
  const shown = await page.evaluate(() => ({
    block: Number(document.querySelector('#sim-result').dataset.block),
    slashed: document.querySelector('#sim-slashed').dataset.amount,
    changes: [...document.querySelectorAll('#sim-result tr[data-network]')].map((r) => ({ ...r.dataset })),
    hit: [...document.querySelectorAll('#graph .node.hit')].map((n) => n.dataset.network),
    falls: [...document.querySelectorAll('#graph .node.falls')].map((n) => n.dataset.network),
  }));
  const at = await apiAtPageBlock(shown.block);
  const sim = (await at.call.securityApi.simulateSlash(
    { Operator: { operator: k.bob.address, network: 2 } }, PERBILL / 5n)).asOk;
  assert.equal(shown.slashed, String(big(sim.slashed)));
  assert.equal(BigInt(shown.slashed), 3_000n * UNIT, '20% of the 15,000 SSP Bob has on network 2');
  assert.deepEqual(shown.changes.map((c) => [c.network, c.afterRatio, c.afterCoc, c.falls]),
    sim.changes.map((c) => [String(c.network.toNumber()), String(big(c.after.ratio)), String(big(c.after.coc)),
      String(c.fallsUnderTarget.isTrue)]));
  assert.deepEqual(shown.hit, ['0', '2']);
  assert.deepEqual(shown.falls, ['2'], 'network 2 falls under its target, marked on the graph');
  assert.match(await page.locator('#sim-result').innerText(), /3,000 SSP[\s\S]*1 would fall under target/);
  // What a person reads: network 2 from 1.04 to 0.98, 0.01 under its target of 1.
  const row2 = page.locator('#sim-result tr[data-network="2"]');
  assert.equal((await row2.locator('.ratios').innerText()).replace(/\s+/g, ' '), '1.04 → 0.98');
  assert.equal(await row2.locator('.margin').innerText(), '1 (−0.01)');
  assert.match(await row2.innerText(), /falls under target/);
  assert.equal((await page.locator('#sim-result tr[data-network="0"] .ratios').innerText()).replace(/\s+/g, ' '), '1.79 → 1.69');
  await screenshot(t, page, 'cascade.png');
  assert.deepEqual(errors, []);
  await page.close();
});

test('offences, vetoes, slashes and security changes appear in the feed in words, and the figures follow', { timeout: 120_000 }, async (t) => {
  const { page, errors } = await open(rpc);
  await page.locator('#networks tr[data-network="1"]').waitFor();
  // Eve, network 1's slasher, reports Alice's operator for 10% there, twice; governance (sudo
  // here) vetoes the first report.
  const now = (await api.query.system.number()).toNumber();
  const reportAt = async (block, evidence) => (await submit(api,
    api.tx.slashing.reportOffence(1, k.alice.address, PERBILL / 10n, block, evidence), k.eve))
    .find((e) => e.method === 'OffenceReported').data.id.toNumber();
  const vetoed = await reportAt(now - 1, '0x0c');
  await submit(api, api.tx.sudo.sudo(api.tx.slashing.cancelSlash(vetoed, 'evidence was forged')), k.alice);
  const id = await reportAt(now, '0x0d');
  const feed = page.locator('#feed');
  const veto = feed.locator('li[data-event="slashing.SlashCancelled"]');
  await veto.waitFor();
  assert.equal(await veto.getAttribute('data-kind'), 'veto');
  assert.match(await veto.innerText(), new RegExp(`Slash #${vetoed} vetoed: evidence was forged`));
  const reported = feed.locator('li[data-event="slashing.OffenceReported"]')
    .filter({ hasText: `Offence reported on network 1: Alice faces a 10% slash (#${id})` });
  await reported.waitFor();
  assert.equal(await reported.getAttribute('data-kind'), 'offence');
  assert.equal(await feed.locator('li[data-event="slashing.OffenceReported"]').count(), 2, 'both reports');
  await feed.locator('li[data-event="slashing.SlashApplied"]').first().waitFor({ timeout: 60_000 });
  assert.match(await feed.innerText(), new RegExp(`Slash #${id} applied: Alice lost 2,400 SSP \\(10%\\) for an offence on network 1`));
  await feed.locator('li[data-event="leasing.SecurityChanged"]').first().waitFor();
  assert.equal(await feed.locator('li[data-event="slashing.SlashApplied"]').getAttribute('data-kind'), 'slash');

  // The networks table follows within a few blocks. The slash took 2,400 SSP from the 40,000 of
  // Alice's pool, 60% of which is on network 1.
  const slashed = String(((40_000n - 2_400n) * UNIT * 6n) / 10n);
  await page.waitForFunction((v) => document.querySelector('#networks tr[data-network="1"]').dataset.allocated === v,
    slashed, { timeout: 20_000 });
  // And it is network 1 as the runtime API has it at the block the page read.
  const drawn = await page.evaluate(() => ({
    block: Number(document.body.dataset.block),
    ratio: document.querySelector('#networks tr[data-network="1"]').dataset.ratio,
    allocated: document.querySelector('#networks tr[data-network="1"]').dataset.allocated,
  }));
  const network = (await (await apiAtPageBlock(drawn.block)).call.securityApi.network(1)).unwrap();
  assert.equal(drawn.ratio, String(big(network.security.ratio)));
  assert.equal(drawn.allocated, String(big(network.security.allocated)));
  await screenshot(t, page, 'feed.png');
  assert.deepEqual(errors, []);
  await page.close();
});
