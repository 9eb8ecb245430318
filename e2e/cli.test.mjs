// The node's command line: bad input is refused with a clear message and a non-zero exit (not a
// panic), exported chain specs run, and state under --base-path survives a restart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { freePort, startNode, submit, waitFor, waitForBlock } from './lib/node.mjs';
import { UNIT } from './lib/chain.mjs';

/** Runs ssp-node to completion (killed after `timeoutMs`); resolves { code, out }. */
function run(args, timeoutMs = 60_000) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.env.SSP_NODE, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`ssp-node ${args.join(' ')} still running after ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

async function safePorts() {
  return ['--rpc-port', String(await freePort()), '--listen-addr',
    `/ip4/127.0.0.1/tcp/${await freePort()}`, '--no-prometheus', '--no-telemetry', '--no-mdns'];
}

function assertRefused({ code, out }, pattern) {
  assert.notEqual(code, 0, `expected a non-zero exit:\n${out}`);
  assert.doesNotMatch(out, /panicked|stack backtrace/, `panicked:\n${out}`);
  assert.match(out, pattern);
}

const work = mkdtempSync(join(tmpdir(), 'ssp-e2e-cli-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

test('an unknown chain or preset name is refused with a message', { timeout: 60_000 }, async () => {
  assertRefused(await run(['--chain', 'no-such-preset', '--tmp', ...await safePorts()]),
    /unknown chain or preset `no-such-preset`/);
  assertRefused(await run(['build-spec', '--chain', 'no-such-preset']),
    /unknown chain or preset `no-such-preset`/);
});

test('a malformed chain spec is refused with a message', { timeout: 60_000 }, async () => {
  const path = join(work, 'malformed.json');
  writeFileSync(path, '{ "name": "broken", ');
  assertRefused(await run(['--chain', path, '--tmp', ...await safePorts()]), /Error parsing spec file/);
});

test('a chain spec whose genesis does not fit the runtime is refused', { timeout: 90_000 }, async () => {
  const exported = await run(['build-spec', '--chain', 'dev']);
  assert.equal(exported.code, 0, exported.out);
  const spec = JSON.parse(exported.out.slice(exported.out.indexOf('{')));
  const genesis = spec.genesis.runtimeGenesis;
  assert.ok(genesis && genesis.code, 'exported spec carries the runtime');
  genesis.patch.noSuchPallet = { answer: 42 };
  const path = join(work, 'bad-genesis.json');
  writeFileSync(path, JSON.stringify(spec));
  assertRefused(await run(['--chain', path, '--tmp', ...await safePorts()]), /noSuchPallet/);
});

test('a chain spec whose validators lack session keys is refused with a message', { timeout: 90_000 }, async () => {
  const exported = await run(['build-spec', '--chain', 'local']);
  assert.equal(exported.code, 0, exported.out);
  const spec = JSON.parse(exported.out.slice(exported.out.indexOf('{')));
  spec.genesis.runtimeGenesis.patch.session.keys = [];
  const path = join(work, 'no-session-keys.json');
  writeFileSync(path, JSON.stringify(spec));
  const result = await run(['--chain', path, '--tmp', ...await safePorts()]);
  assertRefused(result, /needs session keys/);
  assert.doesNotMatch(result.out, /panicked|This is a bug/);
});

test('an occupied RPC port is refused with a message', { timeout: 90_000 }, async () => {
  const server = createServer();
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  try {
    const args = await safePorts();
    args[1] = String(port);
    assertRefused(await run(['--dev', '--tmp', ...args]), /RPC|[Aa]ddress (already )?in use/);
  } finally {
    server.close();
  }
});

test('an exported chain spec runs and state survives a restart', { timeout: 180_000 }, async () => {
  const exported = await run(['build-spec', '--chain', 'local']);
  assert.equal(exported.code, 0, exported.out);
  const specPath = join(work, 'local.json');
  writeFileSync(specPath, exported.out.slice(exported.out.indexOf('{')));
  assert.equal(JSON.parse(readFileSync(specPath, 'utf8')).properties.tokenSymbol, 'SSP');

  const basePath = join(work, 'base');
  const args = ['--chain', specPath, '--base-path', basePath, '--consensus', 'manual-seal-300'];
  const first = await startNode(args, { dev: false });
  let reached;
  try {
    reached = await waitForBlock(first.api, 5, 60_000);
  } finally {
    await first.stop();
  }
  const second = await startNode(args, { dev: false });
  try {
    const header = await second.api.rpc.chain.getHeader();
    assert.ok(header.number.toNumber() >= reached, `restarted at ${header.number}, had ${reached}`);
  } finally {
    await second.stop();
  }
});

test('the dev node logs each block in one line and stops cleanly on Ctrl-C and SIGTERM', { timeout: 180_000 }, async () => {
  // The README's dev chain as a user starts it (3 s blocks), on a base path kept across runs.
  const args = ['--dev', '--base-path', join(work, 'dev-base')];
  const first = await startNode(args, { dev: false });
  let reached;
  try {
    reached = await waitForBlock(first.api, 3, 60_000);
  } finally {
    assertCleanExit(await first.stop('SIGINT'), first.logs);
  }
  const log = first.logs.join('');
  assert.match(log, /Imported #3 \(0x/, log);
  assert.doesNotMatch(log, /Consensus with no RPC sender/, 'manual seal debug records at info');

  const second = await startNode(args, { dev: false });
  try {
    const header = await second.api.rpc.chain.getHeader();
    assert.ok(header.number.toNumber() >= reached, `restarted at ${header.number}, had ${reached}`);
  } finally {
    assertCleanExit(await second.stop('SIGTERM'), second.logs);
  }
});

test('instant seal makes one finalised block per transaction', { timeout: 120_000 }, async () => {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const node = await startNode(['--consensus', 'instant-seal']);
  try {
    const { api } = node;
    const before = (await api.rpc.chain.getHeader()).number.toNumber();
    await submit(api, api.tx.balances.transferKeepAlive(
      keyring.addFromUri('//E2eInstant').address, UNIT), keyring.addFromUri('//Alice'));
    const sealed = (await api.rpc.chain.getHeader()).number.toNumber();
    assert.equal(sealed, before + 1, 'one block for the one transaction');
    const finalized = await waitFor(async () => {
      const head = await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead());
      return head.number.toNumber() === sealed ? head : null;
    }, 10_000, `block ${sealed} finalised`);
    assert.equal(finalized.number.toNumber(), sealed);
  } finally {
    assertCleanExit(await node.stop(), node.logs);
  }
});

/** A node stopped by a signal exits with 0 and no error line (no "Essential task ... failed"). */
function assertCleanExit({ code, signal }, logs) {
  const log = logs.join('');
  assert.equal(signal, null, `killed by ${signal}:\n${log}`);
  assert.equal(code, 0, `exit code ${code}:\n${log}`);
  assert.doesNotMatch(log, /ERROR|Essential task/, log);
}
