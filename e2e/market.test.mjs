// The shared-security market on the dev chain, driven by a real client: the genesis networks
// are leased and secured; a new network registers and funds a lease; an operator opts in and
// allocates; a bonded staker restakes; after the allocation delay the network's security
// figures show the stake, and after a lease period the restaker claims its reward.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { startNode, submit, waitFor } from './lib/node.mjs';

const UNIT = 10n ** 12n;
const PERBILL = 1_000_000_000n;

let node;
let api;
let k;

before(async () => {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  k = Object.fromEntries(['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie']
    .map((n) => [n.toLowerCase(), keyring.addFromUri(`//${n}`)]));
  node = await startNode(['--consensus', 'manual-seal-500']);
  api = node.api;
}, { timeout: 150_000 });

after(async () => {
  if (node) await node.stop();
}, { timeout: 30_000 });

const find = (events, section, method) =>
  events.find((e) => e.section === section && e.method === method);
const network = async (id) => (await api.query.leasing.networks(id)).unwrap();

test('the development market has two leased networks, one under its target', async () => {
  const secure = await network(0);
  const under = await network(1);
  assert.equal(secure.security.allocated.toBigInt(), 54_000n * UNIT);
  assert.equal(secure.security.meetsTarget.isTrue, true);
  assert.equal(under.security.allocated.toBigInt(), 24_000n * UNIT);
  assert.equal(under.security.meetsTarget.isTrue, false);
  assert.ok((await api.query.leasing.leases(0)).isSome);
  assert.ok((await api.query.leasing.leases(1)).isSome);
  const charlie = (await api.query.restaking.restakers(k.charlie.address)).unwrap();
  assert.equal(charlie.operator.toString(), k.alice.address);
});

test('a network registers, leases security, gets backed, and pays its restaker', { timeout: 150_000 }, async () => {
  // Bob registers network 2 with himself as slasher: 1/3 fault threshold, 50% max slash.
  const registered = await submit(api, api.tx.leasing.registerNetwork(
    k.bob.address, PERBILL / 3n, PERBILL / 2n, 1_000n * UNIT, 10n ** 18n), k.bob);
  const ev = find(registered, 'leasing', 'NetworkRegistered');
  assert.ok(ev, 'NetworkRegistered');
  const id = ev.data.network.toNumber();
  assert.equal(id, 2);

  const reserved = async () => (await api.query.system.account(k.bob.address)).data.reserved.toBigInt();
  const heldBefore = await reserved();
  const period = (await api.query.system.number()).toNumber() / 20;
  const first = Math.floor(period) + 1;
  const funded = await submit(api, api.tx.leasing.leaseSecurity(id, first, 10, 50n * UNIT), k.bob);
  assert.ok(find(funded, 'leasing', 'LeaseFunded'), 'LeaseFunded');
  assert.equal(await reserved() - heldBefore, 10n * 50n * UNIT, 'the lease escrow is held');

  // Ferdie runs an operator for network 2; Eve restakes her bonded stake with Ferdie.
  await submit(api, api.tx.restaking.registerOperator(PERBILL / 10n, '0x'), k.ferdie);
  await submit(api, api.tx.restaking.optIn(id), k.ferdie);
  await submit(api, api.tx.restaking.allocate(id, PERBILL / 2n), k.ferdie);
  await submit(api, api.tx.staking.bond(5_000n * UNIT, 'Stash'), k.eve);
  const restaked = await submit(api, api.tx.restaking.restake(k.ferdie.address, 4_000n * UNIT), k.eve);
  assert.ok(find(restaked, 'restaking', 'Restaked'), 'Restaked');

  // After the allocation delay, half of Eve's 4,000 secures network 2.
  await waitFor(async () => {
    await submit(api, api.tx.restaking.refreshOperator(k.ferdie.address), k.alice);
    return (await network(id)).security.allocated.toBigInt() === 2_000n * UNIT;
  }, 60_000, 'network 2 backed by 2,000 SSP');
  const figures = (await network(id)).security;
  assert.equal(figures.coc.toBigInt() > 0n, true);

  // Once the first leased period is over, the lease pays the operator pool; Eve claims.
  let claimed;
  let events;
  await waitFor(async () => {
    events = await submit(api, api.tx.restaking.claimRewards(), k.eve).catch(() => []);
    claimed = find(events, 'restaking', 'RewardsClaimed');
    return claimed && claimed.data.amount.toBigInt() > 0n;
  }, 90_000, 'a reward to claim');
  const amount = claimed.data.amount.toBigInt();
  assert.equal(claimed.data.restaker.toString(), k.eve.address);
  // 50 SSP per period, 10% commission to Ferdie: Eve's share of one period is at most 45 SSP.
  assert.ok(amount > 0n && amount <= 45n * UNIT, `claimed ${amount}`);
  const paid = events.find((e) => e.section === 'balances' && e.method === 'Transfer'
    && e.data.to.toString() === k.eve.address);
  assert.ok(paid, 'the reward moved from the reward pot to Eve');
  assert.equal(paid.data.amount.toBigInt(), amount);
});

test('a reported offence is vetoed in one case and applied with its cascade in another', { timeout: 150_000 }, async () => {
  // Collect every event of every block: slashes apply in the block hook, not in an extrinsic.
  const seen = [];
  const unsub = await api.query.system.events((records) => {
    for (const { event } of records) seen.push(event);
  });
  const find = (section, method, pred = () => true) =>
    seen.find((e) => e.section === section && e.method === method && pred(e));
  try {
    const now = (await api.query.system.number()).toNumber();
    // An offence is identified by its network, operator and block: two offences, two blocks.
    const report = (fraction, block, evidence) => submit(api, api.tx.slashing.reportOffence(
      1, k.alice.address, fraction, block, evidence), k.eve);

    // Eve, network 1's slasher, reports Alice's operator twice; sudo vetoes the first report.
    const vetoedEv = (await report(PERBILL / 20n, now - 1, '0x01')).find((e) => e.method === 'OffenceReported');
    const vetoedId = vetoedEv.data.id.toNumber();
    const cancelled = await submit(api, api.tx.sudo.sudo(
      api.tx.slashing.cancelSlash(vetoedId, '0x6661756c74792065766964656e6365')), k.alice);
    assert.ok(cancelled.find((e) => e.section === 'slashing' && e.method === 'SlashCancelled'));

    const before0 = (await network(0)).security;
    const reported = (await report(PERBILL / 10n, now, '0x02')).find((e) => e.method === 'OffenceReported');
    const id = reported.data.id.toNumber();
    const applyAt = reported.data.applyAt.toNumber();

    const applied = await waitFor(() => find('slashing', 'SlashApplied',
      (e) => e.data.id.toNumber() === id), 60_000, `slash ${id} applied at block ${applyAt}`);
    assert.equal(applied.data.network.toNumber(), 1);
    assert.equal(applied.data.operator.toString(), k.alice.address);
    // 10% of the 24,000 SSP Alice allocated to network 1.
    assert.equal(applied.data.amount.toBigInt(), 2_400n * UNIT);
    assert.equal(find('slashing', 'SlashApplied', (e) => e.data.id.toNumber() === vetoedId), undefined,
      'the vetoed slash took nothing');

    // The cascade: the same stake backed network 0, whose security fell and was evented.
    const after0 = (await network(0)).security;
    assert.ok(after0.allocated.toBigInt() < before0.allocated.toBigInt());
    const changed = seen.findLast((e) => e.section === 'leasing' && e.method === 'SecurityChanged'
      && e.data.network.toNumber() === 0);
    assert.ok(changed, 'SecurityChanged for network 0');
    assert.equal(changed.data.newCoc.toBigInt(), after0.coc.toBigInt());
    assert.ok(find('restaking', 'BackingReduced', (e) => e.data.network.toNumber() === 0));
    assert.ok(find('slashing', 'OperatorJailed', (e) => e.data.network.toNumber() === 1));
  } finally {
    unsub();
  }
});
