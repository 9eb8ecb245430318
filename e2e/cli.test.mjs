// The node's command line: bad input is refused with a clear message and a non-zero exit (not a
// panic), exported chain specs run, and state under --base-path survives a restart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startNode, waitForBlock } from './lib/node.mjs';

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
