// The whole SSP story on the dev chain, driven by a real client, in order: read the genesis
// market from the security runtime API; register a network, fund its lease, opt an operator in,
// restake bonded stake, see a period paid and the reward claimed; report an offence, see it
// vetoed; ask `simulate_slash` what a second report would do, report it, and see the real
// slash do exactly that, in events, in storage and in the runtime API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { startNode, submit, waitFor } from './lib/node.mjs';
import { UNIT, PERBILL, LEASE_PERIOD } from './lib/chain.mjs';

let node;
let api;
let k;
// Every event of every block since the node started: slashes and payouts happen in hooks.
const seen = [];
let unsubEvents = () => {};

before(async () => {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  k = Object.fromEntries(['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie', 'Ferdie//stash', 'Eve//stash']
    .map((n) => [n.toLowerCase().replace('//', '_'), keyring.addFromUri(`//${n}`)]));
  node = await startNode(['--consensus', 'manual-seal-500']);
  api = node.api;
  unsubEvents = await api.query.system.events((records) => {
    for (const { event } of records) seen.push(event);
  });
}, { timeout: 150_000 });

after(async () => {
  unsubEvents();
  if (node) await node.stop();
}, { timeout: 30_000 });

const event = (section, method, pred = () => true) =>
  seen.find((e) => e.section === section && e.method === method && pred(e));
const lastEvent = (section, method, pred = () => true) =>
  seen.findLast((e) => e.section === section && e.method === method && pred(e));
const security = async (id) => (await api.query.leasing.networks(id)).unwrap().security;
const big = (x) => x.toBigInt();

test('the runtime API shows the genesis market: three networks, leverage, shared stake', async () => {
  const networks = await api.call.securityApi.networks();
  assert.deepEqual(networks.map((n) => n.network.toNumber()), [0, 1, 2]);
  assert.deepEqual(networks.map((n) => big(n.security.allocated)),
    [54_000n * UNIT, 24_000n * UNIT, 27_000n * UNIT]);
  assert.deepEqual(networks.map((n) => n.security.meetsTarget.isTrue), [true, false, true]);
  assert.equal(networks[1].status.type, 'UnderSecured');
  // Network 2 is secure by less than 5%: ratio (a FixedU128) between 1.00 and 1.05.
  const ratio2 = big(networks[2].security.ratio);
  assert.ok(ratio2 >= 10n ** 18n && ratio2 < 105n * 10n ** 16n, `ratio ${ratio2}`);
  assert.equal(networks[2].leaseEnd.unwrap().toNumber(), 1_000 * LEASE_PERIOD);
  // 5,000 SSP of security bought at the genesis base price of 0.04: 200 SSP a period.
  assert.equal(big(networks[1].yieldPerPeriod), 200n * PERBILL / 24_000n);

  const bob = (await api.call.securityApi.operatorExposure(k.bob.address)).unwrap();
  assert.equal(big(bob.backing.restakingFactor), 1_500_000_000n, 'Bob runs at 150%');
  assert.deepEqual(bob.dependents.map((d) => d.network.toNumber()), [0, 2]);

  const overlap = await api.call.securityApi.stakeOverlap();
  assert.deepEqual(overlap.map((o) => [o.a.toNumber(), o.b.toNumber(), big(o.shared)]),
    [[0, 1, 24_000n * UNIT], [0, 2, 15_000n * UNIT]]);
});

test('a network registers, leases security, gets backed by restaked stake, and pays it', { timeout: 180_000 }, async () => {
  // Charlie registers network 3 and reports its offences himself: 1/3 fault threshold, 50%
  // max slash, PfC 1,000 SSP, target 1.0.
  const registered = await submit(api, api.tx.leasing.registerNetwork(
    k.charlie.address, PERBILL / 3n, PERBILL / 2n, 1_000n * UNIT, 10n ** 18n), k.charlie);
  const id = registered.find((e) => e.method === 'NetworkRegistered').data.network.toNumber();
  assert.equal(id, 3);
  const reserved = async () => big((await api.query.system.account(k.charlie.address)).data.reserved);
  const heldBefore = await reserved();
  const first = Math.floor((await api.query.system.number()).toNumber() / LEASE_PERIOD) + 1;
  // 625 SSP of security for ten periods, at the quote (base price × 2: no stake backs the
  // network yet), with 10% of slippage allowed.
  const quote = (await api.call.marketApi.quote(id, 625n * UNIT, 10)).asOk;
  const maxPrice = big(quote.price) * 11n / 10n;
  const funded = await submit(api, api.tx.leasing.leaseSecurity(id, first, 10, 625n * UNIT, maxPrice),
    k.charlie);
  const lease = funded.find((e) => e.method === 'LeaseFunded');
  assert.ok(lease, 'LeaseFunded');
  const reward = big(lease.data.rewardPerPeriod);
  assert.ok(big(lease.data.price) <= maxPrice, 'bought within the bound');
  assert.equal(await reserved() - heldBefore, 10n * reward, 'ten periods held');

  // A new operator (Ferdie's stash) registers with 10% commission, opts in and allocates all
  // its backing; Eve's stash bonds stake in pallet-staking and restakes 4,000 of it there.
  const operator = k.ferdie_stash;
  await submit(api, api.tx.restaking.registerOperator(PERBILL / 10n, '0x'), operator);
  const opReserved = async () => big((await api.query.system.account(operator.address)).data.reserved);
  const opHeldBefore = await opReserved();
  const optedIn = await submit(api, api.tx.restaking.optIn(id), operator);
  // The network's operator slot costs a 100 SSP deposit, held until the opt-out completes.
  const optedInEvent = optedIn.find((e) => e.section === 'restaking' && e.method === 'OptedIn');
  assert.equal(big(optedInEvent.data.deposit), 100n * UNIT);
  assert.equal(await opReserved() - opHeldBefore, 100n * UNIT, 'opt-in deposit held');
  await submit(api, api.tx.restaking.allocate(id, PERBILL), operator);
  await submit(api, api.tx.staking.bond(5_000n * UNIT, 'Stash'), k.eve_stash);
  const restaked = await submit(api, api.tx.restaking.restake(operator.address, 4_000n * UNIT),
    k.eve_stash);
  assert.ok(restaked.find((e) => e.method === 'Restaked'), 'Restaked');

  // After the allocation delay the 4,000 secures network 3.
  await waitFor(async () => {
    await submit(api, api.tx.restaking.refreshOperator(operator.address), k.alice);
    return big((await security(id)).allocated) === 4_000n * UNIT;
  }, 60_000, 'network 3 backed by 4,000 SSP');
  const net3 = (await api.call.securityApi.network(id)).unwrap();
  assert.equal(net3.operators.toNumber(), 1);
  // Its yield: the reward per period over the 4,000 SSP securing it (a Perbill, rounded).
  const yieldParts = big(net3.yieldPerPeriod);
  const expected = reward * PERBILL / (4_000n * UNIT);
  assert.ok(yieldParts >= expected - 1n && yieldParts <= expected + 1n, `yield ${yieldParts}`);

  // The first leased period ends: the lease pays the pool, and the new restaker claims.
  await waitFor(() => event('leasing', 'LeasePaid', (e) => e.data.network.toNumber() === id
    && big(e.data.paid) > 0n), 90_000, 'network 3 paid for a period');
  const claimed = (await submit(api, api.tx.restaking.claimRewards(), k.eve_stash))
    .find((e) => e.method === 'RewardsClaimed');
  assert.equal(claimed.data.restaker.toString(), k.eve_stash.address);
  // The only restaker of the only operator: 90% of each paid period (10% commission).
  const periods = seen.filter((e) => e.section === 'leasing' && e.method === 'LeasePaid'
    && e.data.network.toNumber() === id).length;
  assert.ok(big(claimed.data.amount) > 0n, 'a reward was claimed');
  assert.ok(big(claimed.data.amount) <= BigInt(periods) * reward * 9n / 10n);
});

test('an offence is vetoed, another applied, and simulate_slash predicted the cascade', { timeout: 180_000 }, async () => {
  const now = (await api.query.system.number()).toNumber();
  // Dave, network 2's slasher, reports Bob's operator; an offence is (network, operator, block).
  const report = async (block, evidence) => (await submit(api, api.tx.slashing.reportOffence(
    2, k.bob.address, PERBILL / 5n, block, evidence), k.dave))
    .find((e) => e.method === 'OffenceReported').data;

  // Governance (sudo here) vetoes the first report within the veto window.
  const vetoedId = (await report(now - 1, '0x01')).id.toNumber();
  const cancelled = await submit(api, api.tx.sudo.sudo(
    api.tx.slashing.cancelSlash(vetoedId, 'evidence was forged')), k.alice);
  assert.ok(cancelled.find((e) => e.method === 'SlashCancelled'), 'SlashCancelled');

  // What would 20% of Bob's stake on network 2 do?
  const sim = (await api.call.securityApi.simulateSlash(
    { Operator: { operator: k.bob.address, network: 2 } }, PERBILL / 5n)).asOk;
  assert.equal(big(sim.slashed), 3_000n * UNIT, '20% of the 15,000 Bob has on network 2');
  const predicted = new Map(sim.changes.map((c) => [c.network.toNumber(), c]));
  assert.deepEqual([...predicted.keys()], [0, 2]);
  assert.equal(predicted.get(2).fallsUnderTarget.isTrue, true, 'network 2 falls under target');
  const daveBefore = (await api.call.securityApi.restakerPosition(k.dave.address)).unwrap();

  const reported = await report(now, '0x02');
  const id = reported.id.toNumber();
  const applied = await waitFor(() => event('slashing', 'SlashApplied',
    (e) => e.data.id.toNumber() === id), 60_000, `slash ${id} applied`);
  assert.equal(event('slashing', 'SlashApplied', (e) => e.data.id.toNumber() === vetoedId),
    undefined, 'the vetoed slash took nothing');
  // The slashed network loses the stake with the slash; the refresh hook carries the loss to
  // Bob's other networks in the blocks after (slashed operators first).
  await waitFor(() => event('restaking', 'SlashPropagated',
    (e) => e.data.operator.toString() === k.bob.address), 60_000, 'slash propagated');

  // The real slash did what the simulation said: the amount, then each network's figures in
  // storage, in its SecurityChanged event and in the runtime API.
  assert.equal(big(applied.data.amount), big(sim.slashed));
  for (const [network, change] of predicted) {
    const after = change.after;
    const stored = await security(network);
    assert.equal(stored.toHex(), after.toHex(), `network ${network} figures as predicted`);
    const evented = lastEvent('leasing', 'SecurityChanged', (e) => e.data.network.toNumber() === network);
    assert.equal(big(evented.data.newCoc), big(after.coc));
    assert.ok(event('restaking', 'BackingReduced', (e) => e.data.network.toNumber() === network),
      `BackingReduced for network ${network}`);
  }
  assert.ok(event('leasing', 'NetworkUnderSecured', (e) => e.data.network.toNumber() === 2));
  assert.ok(event('slashing', 'OperatorJailed', (e) => e.data.network.toNumber() === 2
    && e.data.operator.toString() === k.bob.address));
  const net2 = (await api.call.securityApi.network(2)).unwrap();
  assert.equal(net2.status.type, 'UnderSecured');
  const exposure = (await api.call.securityApi.operatorExposure(k.bob.address)).unwrap();
  assert.equal(exposure.dependents.find((d) => d.network.toNumber() === 2).jailed.isTrue, true);

  // Dave, Bob's only restaker, owes the whole slash; settling takes it from his bonded stake
  // through pallet-staking's ledger, and a tenth of it pays the reporter (Dave, as network 2's
  // slasher, here).
  const dave = (await api.call.securityApi.restakerPosition(k.dave.address)).unwrap();
  assert.equal(big(daveBefore.active) - big(dave.active), 3_000n * UNIT);
  assert.equal(big(dave.pendingSlash), 3_000n * UNIT);
  const settled = (await submit(api, api.tx.restaking.settle(k.dave.address), k.alice))
    .find((e) => e.section === 'restaking' && e.method === 'RestakerSlashed');
  assert.equal(big(settled.data.bonded) + big(settled.data.free), 3_000n * UNIT);
  assert.equal(big(settled.data.missing), 0n);
  const reward = (await submit(api, api.tx.slashing.claimReward(), k.dave))
    .find((e) => e.section === 'slashing' && e.method === 'RewardClaimed');
  assert.equal(big(reward.data.amount), 300n * UNIT);
});
