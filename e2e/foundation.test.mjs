// The foundation story with a real client: the dev chain produces blocks, wallets read its
// token and metadata, signed transfers and staking calls go in, eras advance, rewards are paid,
// and unbonded stake is withdrawn after the bonding duration.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { startNode, submit, waitFor, waitForBlock } from './lib/node.mjs';
import { UNIT } from './lib/chain.mjs';

// Half-second blocks: a session is 10 blocks (5 s) and an era 2 sessions (10 s).
const BLOCK_MS = 500;

let node;
let api;
let keyring;

before(async () => {
  await cryptoWaitReady();
  keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  node = await startNode(['--consensus', `manual-seal-${BLOCK_MS}`]);
  api = node.api;
}, { timeout: 150_000 });

after(async () => {
  if (node) await node.stop();
  if (node) assert.notEqual(node.child.exitCode ?? node.child.signalCode, null, 'node still running');
}, { timeout: 30_000 });

const free = async (who) => (await api.query.system.account(who)).data.free.toBigInt();
const find = (events, section, method) =>
  events.find((e) => e.section === section && e.method === method);

test('the dev chain produces blocks', { timeout: 30_000 }, async () => {
  const start = (await api.rpc.chain.getHeader()).number.toNumber();
  const reached = await waitForBlock(api, start + 3, 20_000);
  assert.ok(reached >= start + 3);
});

test('chain properties and metadata describe the SSP token and pallets', async () => {
  const props = api.registry.getChainProperties();
  assert.equal(props.tokenSymbol.unwrap()[0].toString(), 'SSP');
  assert.equal(props.tokenDecimals.unwrap()[0].toNumber(), 12);
  assert.equal(props.ss58Format.unwrap().toNumber(), 42);
  assert.equal((await api.rpc.system.chain()).toString(), 'SSP Development');

  assert.ok(api.runtimeMetadata.version >= 14, `metadata v${api.runtimeMetadata.version}`);
  for (const pallet of ['system', 'balances', 'staking', 'session', 'sudo']) {
    assert.ok(api.tx[pallet] || api.query[pallet], `pallet ${pallet} in metadata`);
  }
  const version = api.runtimeVersion;
  assert.equal(version.specName.toString(), 'ssp');
});

test('a signed transfer moves exactly the amount and emits Transfer', { timeout: 60_000 }, async () => {
  const alice = keyring.addFromUri('//Alice');
  const dest = keyring.addFromUri('//E2eTransferTarget');
  const amount = 25n * UNIT;
  assert.equal(await free(dest.address), 0n);

  const events = await submit(api, api.tx.balances.transferKeepAlive(dest.address, amount), alice);
  const transfer = find(events, 'balances', 'Transfer');
  assert.ok(transfer, 'Transfer event');
  assert.equal(transfer.data.from.toString(), alice.address);
  assert.equal(transfer.data.to.toString(), dest.address);
  assert.equal(transfer.data.amount.toBigInt(), amount);
  assert.ok(find(events, 'system', 'ExtrinsicSuccess'));
  assert.equal(await free(dest.address), amount);
});

test('bond, validate and nominate are recorded by staking', { timeout: 90_000 }, async () => {
  // Nothing is bonded from Alice's stash at genesis (Eve nominates in the dev market).
  const stash = keyring.addFromUri('//Alice//stash');
  const ferdie = keyring.addFromUri('//Ferdie');
  const alice = keyring.addFromUri('//Alice');

  const bonded = await submit(api, api.tx.staking.bond(1_000n * UNIT, 'Staked'), stash);
  const ev = find(bonded, 'staking', 'Bonded');
  assert.ok(ev, 'Bonded event');
  assert.equal(ev.data.amount.toBigInt(), 1_000n * UNIT);
  const ledger = (await api.query.staking.ledger(stash.address)).unwrap();
  assert.equal(ledger.active.toBigInt(), 1_000n * UNIT);

  await submit(api, api.tx.staking.nominate([alice.address]), stash);
  const nominations = (await api.query.staking.nominators(stash.address)).unwrap();
  assert.deepEqual(nominations.targets.map((t) => t.toString()), [alice.address]);

  await submit(api, api.tx.staking.bond(2_000n * UNIT, 'Stash'), ferdie);
  const prefs = await submit(api, api.tx.staking.validate({ commission: 50_000_000, blocked: false }), ferdie);
  assert.ok(find(prefs, 'staking', 'ValidatorPrefsSet'), 'ValidatorPrefsSet event');
  assert.equal((await api.query.staking.validators(ferdie.address)).commission.toNumber(), 50_000_000);
});

test('eras advance and validators are paid their era reward', { timeout: 120_000 }, async () => {
  const alice = keyring.addFromUri('//Alice');
  const bob = keyring.addFromUri('//Bob');
  await waitFor(async () => {
    const active = await api.query.staking.activeEra();
    return active.isSome && active.unwrap().index.toNumber() >= 1;
  }, 60_000, 'active era 1');

  const reward = (await api.query.staking.erasValidatorReward(0)).unwrap().toBigInt();
  assert.ok(reward > 0n, `era 0 reward ${reward}`);

  const events = await submit(api, api.tx.staking.payoutStakers(alice.address, 0), bob);
  const rewarded = events.filter((e) => e.section === 'staking' && e.method === 'Rewarded');
  assert.ok(rewarded.length >= 1, 'Rewarded events');
  const toAlice = rewarded.find((e) => e.data.stash.toString() === alice.address);
  assert.ok(toAlice && toAlice.data.amount.toBigInt() > 0n, 'Alice was paid');
});

test('unbonded stake is withdrawn after the bonding duration', { timeout: 150_000 }, async () => {
  const stash = keyring.addFromUri('//Alice//stash');
  const unbonded = await submit(api, api.tx.staking.unbond(400n * UNIT), stash);
  assert.ok(find(unbonded, 'staking', 'Unbonded'));
  const ledger = (await api.query.staking.ledger(stash.address)).unwrap();
  assert.equal(ledger.active.toBigInt(), 600n * UNIT);
  const unlockEra = ledger.unlocking[0].era.toNumber();

  await waitFor(async () => {
    const active = (await api.query.staking.activeEra()).unwrap().index.toNumber();
    return active >= unlockEra;
  }, 120_000, `era ${unlockEra}`);

  const events = await submit(api, api.tx.staking.withdrawUnbonded(0), stash);
  const withdrawn = find(events, 'staking', 'Withdrawn');
  assert.ok(withdrawn, 'Withdrawn event');
  assert.equal(withdrawn.data.amount.toBigInt(), 400n * UNIT);
  const after = (await api.query.staking.ledger(stash.address)).unwrap();
  assert.equal(after.total.toBigInt(), 600n * UNIT);
});
