// A lease's whole life on the dev chain: a network registers, funds a one-period lease, extends
// it by a period, is paid for both, offboards when the lease ends (no new allocations), and
// retires after the slash window with its deposit returned.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { startNode, submit, waitFor } from './lib/node.mjs';
import { UNIT, PERBILL, LEASE_PERIOD } from './lib/chain.mjs';

let node;
let api;
let manager;
let bob;

before(async () => {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  // Nothing else is held from Alice's stash, so its reserved balance is the network's alone.
  manager = keyring.addFromUri('//Alice//stash');
  bob = keyring.addFromUri('//Bob');
  // 300 ms blocks: a lease period is 6 s, the offboarding delay (121 blocks) about 36 s.
  node = await startNode(['--consensus', 'manual-seal-300']);
  api = node.api;
}, { timeout: 150_000 });

after(async () => {
  if (node) await node.stop();
}, { timeout: 30_000 });

test('register, lease, extend, get paid, offboard and retire', { timeout: 240_000 }, async () => {
  const seen = [];
  const unsub = await api.query.system.events((records) => {
    for (const { event } of records) seen.push(event);
  });
  const saw = (method, pred = () => true) =>
    seen.find((e) => e.section === 'leasing' && e.method === method && pred(e));
  const reserved = async () => (await api.query.system.account(manager.address)).data.reserved.toBigInt();
  try {
    const heldAtStart = await reserved();
    const registered = await submit(api, api.tx.leasing.registerNetwork(
      manager.address, PERBILL / 3n, PERBILL / 2n, 1_000n * UNIT, 10n ** 18n), manager);
    const id = registered.find((e) => e.method === 'NetworkRegistered').data.network.toNumber();
    const deposit = (await reserved()) - heldAtStart;
    assert.equal(deposit, 1_000n * UNIT, 'the registration deposit is held');

    const block = (await api.query.system.number()).toNumber();
    const first = Math.floor(block / LEASE_PERIOD) + 1;
    // 250 SSP of security at the quote, any price; renewed for one more period, at the quote
    // again (capped at the locked price + 3%).
    const funded = await submit(api, api.tx.leasing.leaseSecurity(id, first, 1, 250n * UNIT,
      10n ** 18n), manager);
    const reward = funded.find((e) => e.method === 'LeaseFunded').data.rewardPerPeriod.toBigInt();
    const extended = await submit(api, api.tx.leasing.extendLease(id, 1, 10n ** 18n), manager);
    const ext = extended.find((e) => e.method === 'LeaseExtended');
    assert.equal(ext.data.lastPeriod.toNumber(), first + 1);
    const renewal = ext.data.rewardPerPeriod.toBigInt();
    assert.equal(ext.data.added.toBigInt(), renewal);
    assert.ok(renewal <= reward * 103n / 100n + 1n, 'a renewal pays at most 3% more');
    assert.equal((await reserved()) - heldAtStart, deposit + reward + renewal, 'two periods in escrow');

    // Bob's operator (genesis) opts in: the network is backed while leased.
    await submit(api, api.tx.restaking.optIn(id), bob);
    await submit(api, api.tx.restaking.allocate(id, PERBILL / 10n), bob);

    // Both periods are paid, then the lease ends and the network offboards.
    await waitFor(() => saw('NetworkOffboarding',
      (e) => e.data.network.toNumber() === id), 90_000, 'offboarding');
    const paid = seen.filter((e) => e.section === 'leasing' && e.method === 'LeasePaid'
      && e.data.network.toNumber() === id);
    assert.equal(paid.length, 2, 'one payout per leased period');
    assert.deepEqual(paid.map((p) => p.data.paid.toBigInt() + p.data.refunded.toBigInt()),
      [reward, renewal]);
    // No new allocations while offboarding.
    await assert.rejects(submit(api, api.tx.restaking.allocate(id, PERBILL / 5n), bob));

    // After the slash window the network retires and its deposit comes back.
    const retired = await waitFor(() => saw('NetworkRetired',
      (e) => e.data.network.toNumber() === id), 120_000, 'retirement');
    assert.equal(retired.data.deposit.toBigInt(), deposit);
    assert.equal(await reserved(), heldAtStart, 'nothing of the network stays held');
    assert.ok((await api.query.leasing.networks(id)).isNone);
  } finally {
    unsub();
  }
});
