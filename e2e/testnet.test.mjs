// A network of four validators of the `local` chain on 127.0.0.1: BABE authors blocks, GRANDPA
// finalises them on every node, finality survives one node down, a restarted node catches up
// from its base path, and a validator that equivocates (its keys on two nodes) is reported on
// chain, slashed by pallet-staking through pallet-offences, and the slash reaches its restaked
// position and the security of the networks that stake secures.
//
// The figures (blocks per author, finality lag, catch-up time) are printed for the notes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { startNode, waitFor } from './lib/node.mjs';

const VALIDATORS = ['alice', 'bob', 'charlie', 'dave'];
/** A fixed network key per node, so that node 0's address is known to the others. */
const nodeKey = (i) => (i + 1).toString(16).padStart(64, '0');

let dir;
let bootnode;
const nodes = [];
const figures = {};
const keyring = new Keyring({ type: 'sr25519' });

function peerId(key) {
  const file = join(dir, `key-${key.slice(-4)}`);
  writeFileSync(file, key);
  const out = spawnSync(process.env.SSP_NODE, ['key', 'inspect-node-key', '--file', file], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.equal(out.status, 0, out.stderr);
  return out.stdout.trim();
}

/** Starts a validator node with the dev keys of `name` (`--alice`, ...). */
function startValidator(i, { name = VALIDATORS[i], basePath = join(dir, `node${i}`), key = nodeKey(i), p2pPort } = {}) {
  const args = [
    '--chain', 'local', '--base-path', basePath, '--node-key', key,
    '--validator', `--${name}`, '--name', `ssp-${name}-${i}`,
  ];
  if (bootnode) args.push('--bootnodes', bootnode);
  return startNode(args, { dev: false, p2pPort });
}

const finalized = async (api) => {
  const hash = await api.rpc.chain.getFinalizedHead();
  return (await api.rpc.chain.getHeader(hash)).number.toNumber();
};
const best = async (api) => (await api.rpc.chain.getHeader()).number.toNumber();

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ssp-testnet-'));
  nodes[0] = await startValidator(0);
  bootnode = `/ip4/127.0.0.1/tcp/${nodes[0].p2pPort}/p2p/${peerId(nodeKey(0))}`;
  for (let i = 1; i < VALIDATORS.length; i++) nodes[i] = await startValidator(i);
});

after(async () => {
  await Promise.all(nodes.map((n) => n?.stop()));
  rmSync(dir, { recursive: true, force: true });
  console.log(`testnet figures: ${JSON.stringify(figures)}`);
});

test('four validators author blocks with BABE and GRANDPA finalises them on every node', { timeout: 240_000 }, async () => {
  const started = Date.now();
  for (const [i, node] of nodes.entries()) {
    await waitFor(async () => (await finalized(node.api)) >= 8, 200_000, `node ${i} finalises block 8`);
  }
  figures.secondsToFinalize8 = Math.round((Date.now() - started) / 1000);

  // Authors of the chain so far, from each block's BABE pre-digest.
  const { api } = nodes[0];
  const head = await best(api);
  const authors = {};
  for (let n = 1; n <= head; n++) {
    const hash = await api.rpc.chain.getBlockHash(n);
    const header = await api.derive.chain.getHeader(hash);
    const who = header.author?.toString() ?? 'unknown';
    const name = VALIDATORS.find((v) => keyring.addFromUri(`//${v[0].toUpperCase()}${v.slice(1)}`).address === who) ?? who;
    authors[name] = (authors[name] ?? 0) + 1;
  }
  figures.blocksPerAuthor = authors;
  assert.ok(Object.keys(authors).length > 1, `blocks by more than one validator: ${JSON.stringify(authors)}`);

  // Finality lag: how far each node's finalized block trails its best block.
  const lags = [];
  for (const node of nodes) lags.push((await best(node.api)) - (await finalized(node.api)));
  figures.finalityLagBlocks = lags;
  assert.ok(lags.every((l) => l <= 5), `finality within 5 blocks of the head: ${lags}`);
});

test('finality advances with one validator down, and the restarted node catches up', { timeout: 240_000 }, async () => {
  const down = nodes[3];
  const p2pPort = down.p2pPort;
  await down.stop();
  nodes[3] = undefined;

  const from = await finalized(nodes[0].api);
  for (const i of [0, 1, 2]) {
    await waitFor(async () => (await finalized(nodes[i].api)) >= from + 3, 90_000,
      `node ${i} finalises past ${from + 3} with Dave down`);
  }

  // Dave comes back on his own database and keys, and follows the others to the same block.
  const target = await finalized(nodes[0].api);
  const targetHash = (await nodes[0].api.rpc.chain.getBlockHash(target)).toHex();
  const restarted = Date.now();
  nodes[3] = await startValidator(3, { p2pPort });
  const { api } = nodes[3];
  await waitFor(async () => (await finalized(api)) >= target
    && (await api.rpc.chain.getBlockHash(target)).toHex() === targetHash, 120_000,
  `restarted node finalises block ${target} (${targetHash})`);
  figures.catchUpSeconds = Math.round((Date.now() - restarted) / 100) / 10;
});

test('an equivocating validator is reported, slashed by staking, and the slash reaches restaking and network security', { timeout: 420_000 }, async () => {
  const { api } = nodes[0];
  const charlie = keyring.addFromUri('//Charlie').address;
  const alice = keyring.addFromUri('//Alice').address;
  // Charlie validates and restakes 40,000 SSP with Alice's operator (networks 0 and 1).
  const positionBefore = (await api.call.securityApi.restakerPosition(charlie)).unwrap();
  const network0Before = (await api.call.securityApi.network(0)).unwrap();

  const seen = [];
  const unsub = await api.query.system.events((records) => {
    for (const { event } of records) seen.push(event);
  });
  const find = (section, method, pred = () => true) =>
    seen.find((e) => e.section === section && e.method === method && pred(e));

  // A second node with Charlie's keys: both author in Charlie's slots, and vote twice.
  const twin = await startValidator(4, { name: 'charlie', basePath: join(dir, 'twin'), key: nodeKey(9) });
  try {
    const offence = await waitFor(() => find('offences', 'Offence'), 200_000, 'an Offence event');
    figures.offenceKind = Buffer.from(offence.data.kind.toU8a()).toString('latin1').replace(/\0/g, '');
  } finally {
    await twin.stop();
  }
  await waitFor(() => find('staking', 'SlashReported', (e) => e.data.validator.toString() === charlie),
    60_000, 'staking.SlashReported for Charlie');
  // Staking defers the slash by an era (governance may cancel it), then applies it; the
  // listener carries it into Charlie's restaked position with Alice's operator.
  const slashed = await waitFor(() => find('staking', 'Slashed', (e) => e.data.staker.toString() === charlie),
    240_000, 'staking.Slashed for Charlie');
  assert.ok(slashed.data.amount.toBigInt() > 0n);
  const parent = await waitFor(() => find('restaking', 'ParentSlashApplied',
    (e) => e.data.restaker.toString() === charlie && e.data.operator.toString() === alice),
  60_000, 'restaking.ParentSlashApplied for Charlie');
  unsub();

  const positionAfter = (await api.call.securityApi.restakerPosition(charlie)).unwrap();
  assert.equal(positionAfter.active.toBigInt(),
    positionBefore.active.toBigInt() - parent.data.amount.toBigInt(), 'restaked stake reduced by the slash');
  await waitFor(async () => {
    const now = (await api.call.securityApi.network(0)).unwrap();
    return now.security.allocated.toBigInt() < network0Before.security.allocated.toBigInt();
  }, 60_000, 'network 0 backed by less stake');
  figures.restakedStakeSlashed = parent.data.amount.toString();
});
