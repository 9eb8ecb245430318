// The market for security on the dev chain (issue 14): a network buys a lease at the quote
// (`marketApi.quote`), a second network's purchase moves the next period's price, a renewal is
// capped at the locked price + 3%, and the index pool earns from several networks while a slash
// on one of them reduces its depositors pro rata.
//
// The dev market: 82,000 SSP restaked; the genesis leases need 40,800 SSP of stake (half: the
// target), so the base price starts near balance at 0.04 and moves at most 10% a period.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { submit, waitFor } from './lib/node.mjs';
import { devChain } from './lib/dev.mjs';
import { UNIT, PERBILL, LEASE_PERIOD } from './lib/chain.mjs';

/** `FixedU128` one. */
const ONE = 10n ** 18n;
let chain;
let api;
let k;
let seen;

before(async () => {
  chain = await devChain(['Alice', 'Charlie', 'Dave', 'Ferdie', 'Alice//stash', 'Bob//stash']);
  ({ api, k, seen } = chain);
}, { timeout: 150_000 });

after(async () => {
  if (chain) await chain.stop();
}, { timeout: 30_000 });

const big = (x) => x.toBigInt();
const ev = (section, method, pred = () => true) =>
  seen.filter((e) => e.section === section && e.method === method && pred(e));
const period = async () => Math.floor((await api.query.system.number()).toNumber() / LEASE_PERIOD);
const register = async (who) => (await submit(api, api.tx.leasing.registerNetwork(
  who.address, PERBILL / 3n, PERBILL / 2n, 1_000n * UNIT, ONE), who))
  .find((e) => e.method === 'NetworkRegistered').data.network.toNumber();
/** The `MarketUpdated` of the sweep of period `p`. */
const updateOf = (p) => waitFor(() => ev('leasing', 'MarketUpdated',
  (e) => e.data.period.toNumber() === p)[0] ?? null, 40_000, `period ${p} priced`);
/** What the controller does: +10% × (u − 50%) / 50% above the target, in FixedU128. */
const moved = (price, utilisation) => {
  const u = BigInt(utilisation);
  const half = PERBILL / 2n;
  const change = u > half ? (u - half) * (ONE / 10n) / half : 0n;
  return price + price * change / ONE;
};
/** Equal to a millionth: the chain rounds its Perbill steps, this script does not. */
const near = (a, b, what) => assert.ok(a >= b - b / 1_000_000n && a <= b + b / 1_000_000n,
  `${what}: ${a} vs ${b}`);

let lease3;

test('a network buys at the quote; a second network\'s purchase moves the next price', { timeout: 120_000 }, async () => {
  const market = await api.call.marketApi.market();
  assert.equal(big(market.floor), ONE / 1_000n, 'a floor of 0.001');
  assert.ok(market.history.length >= 1, 'each period is recorded');
  const net3 = await register(k.charlie);
  // 5,000 SSP of security for 10 periods from now: the quote is the base price times the
  // network's risk factor (2: no stake backs it yet, its ratio is 0).
  const quote = (await api.call.marketApi.quote(net3, 5_000n * UNIT, 10)).asOk;
  assert.equal(big(quote.riskFactor), 2n * ONE);
  assert.equal(big(quote.price), big(quote.basePrice) * 2n);
  assert.equal(big(quote.total), 10n * big(quote.rewardPerPeriod));
  // A bound below the quote is refused and changes nothing.
  const now = await period();
  await assert.rejects(submit(api, api.tx.leasing.leaseSecurity(net3, now, 10, 5_000n * UNIT,
    big(quote.price) / 2n), k.charlie), /PriceAboveMax/);
  // The lease starts two periods on, so whenever the purchase lands, the sweep of its first
  // period counts it.
  const first3 = (await period()) + 2;
  const bought = (await submit(api, api.tx.leasing.leaseSecurity(net3, first3, 10,
    5_000n * UNIT, big(quote.price) * 101n / 100n), k.charlie))
    .find((e) => e.method === 'LeaseFunded').data;
  lease3 = bought;
  assert.equal(big(bought.security), 5_000n * UNIT);
  assert.ok(big(bought.price) <= big(quote.price) * 101n / 100n);
  assert.equal(big(bought.escrow), 10n * big(bought.rewardPerPeriod));

  // The sweep of its first period counts it: 30,000 SSP more of stake needed (5,000 / (1/3 ×
  // 50%)) beside the genesis leases' 40,800, of 82,000 restaked: above the 50% target.
  const first = await updateOf(first3);
  assert.ok(big(first.data.demand) >= 70_800n * UNIT, `demand ${big(first.data.demand)}`);
  assert.equal(big(first.data.capacity), 82_000n * UNIT);
  const u1 = BigInt(first.data.utilisation.toNumber());
  assert.ok(u1 > PERBILL / 2n && u1 < PERBILL, `utilisation ${u1}`);
  near(big(first.data.basePrice), moved(big((await updateOf(first3 - 1)).data.basePrice), u1),
    'the price moved by the utilisation');

  // A second network buys 10,000 SSP (60,000 SSP of stake): at its first period the leases
  // need more than all the restaked stake, and the price moves by the whole 10%.
  const net4 = await register(k.dave);
  const q4 = (await api.call.marketApi.quote(net4, 10_000n * UNIT, 4)).asOk;
  const first4 = (await period()) + 2;
  await submit(api, api.tx.leasing.leaseSecurity(net4, first4, 4, 10_000n * UNIT,
    big(q4.price) * 101n / 100n), k.dave);
  const second = await updateOf(first4);
  assert.equal(BigInt(second.data.utilisation.toNumber()), PERBILL, 'fully utilised');
  const before = big((await updateOf(first4 - 1)).data.basePrice);
  near(big(second.data.basePrice), moved(before, PERBILL), 'price +10%');
  const history = (await api.call.marketApi.market()).history;
  assert.equal(history[history.length - 1].period.toNumber(), second.data.period.toNumber());
  assert.equal(big(history[history.length - 1].utilisation), PERBILL);
});

test('a renewal pays at most the locked price + 3%', { timeout: 120_000 }, async () => {
  // Full utilisation keeps raising the base price; wait until the quote is above the cap.
  const net3 = lease3.network.toNumber();
  const locked = big(lease3.price);
  const cap = locked * 103n / 100n;
  await waitFor(async () => {
    const q = (await api.call.marketApi.quote(net3, 5_000n * UNIT, 2)).asOk;
    return big(q.price) > cap;
  }, 60_000, 'the quote above the renewal cap');
  const extended = (await submit(api, api.tx.leasing.extendLease(net3, 2, cap + 1_000n), k.charlie))
    .find((e) => e.method === 'LeaseExtended').data;
  near(big(extended.price), cap, 'renewal at the cap');
  assert.equal(big(extended.rewardPerPeriod), big(extended.price) * 5_000n * UNIT / ONE);
  // A second renewal waits until this one has started.
  await assert.rejects(submit(api, api.tx.leasing.extendLease(net3, 1, ONE), k.charlie),
    /RenewalPending/);
});

test('the index pool earns from several networks; a slash on one takes from its depositors pro rata', { timeout: 180_000 }, async () => {
  const pool = await api.call.indexPoolApi.indexPool();
  const operator = pool.operator.toString();
  // The index: networks 0 and 2 (network 1 is under its target), each at the 40% cap.
  const targets = pool.targets.map(([n, w]) => [n.toNumber(), big(w)]);
  assert.deepEqual(targets.filter(([n]) => n <= 2), [[0, 2n * PERBILL / 5n], [2, 2n * PERBILL / 5n]]);
  // Two depositors bond stake and restake it with the pool: 3,000 and 6,000 SSP.
  for (const [who, amount] of [[k.alice_stash, 3_000n], [k.bob_stash, 6_000n]]) {
    await submit(api, api.tx.staking.bond(amount * UNIT, 'Stash'), who);
    await submit(api, api.tx.restaking.restake(operator, amount * UNIT), who);
  }
  const position = async (who) => (await api.call.securityApi.restakerPosition(who.address)).unwrap();
  // The pool's stake counts on networks 0 and 2 once refreshed, and both pay it.
  const paid = (network) => ev('restaking', 'RewardPaid',
    (e) => e.data.operator.toString() === operator && e.data.network.toNumber() === network).length > 0;
  await waitFor(async () => {
    await submit(api, api.tx.restaking.refreshOperator(operator), k.alice);
    return paid(0) && paid(2);
  }, 90_000, 'the pool paid by networks 0 and 2');
  const [a, b] = [await position(k.alice_stash), await position(k.bob_stash)];
  assert.ok(big(a.pendingRewards) > 0n, 'the first depositor earned');
  // Shares 1 : 2, so rewards 1 : 2 (to rounding).
  const diff = big(b.pendingRewards) - 2n * big(a.pendingRewards);
  assert.ok(diff >= -2n && diff <= 2n, `rewards ${big(a.pendingRewards)} / ${big(b.pendingRewards)}`);

  // Network 0's slasher (Ferdie) reports the pool for 10% of its stake there: 40% of 9,000.
  const now = (await api.query.system.number()).toNumber();
  const id = (await submit(api, api.tx.slashing.reportOffence(0, operator, PERBILL / 10n, now,
    '0x01'), k.ferdie)).find((e) => e.method === 'OffenceReported').data.id.toNumber();
  const applied = await waitFor(() => ev('slashing', 'SlashApplied',
    (e) => e.data.id.toNumber() === id)[0] ?? null, 60_000, 'the slash applied');
  assert.equal(big(applied.data.amount), 360n * UNIT);
  const [a2, b2] = [await position(k.alice_stash), await position(k.bob_stash)];
  assert.equal(big(a.active) - big(a2.active), 120n * UNIT, '4% of 3,000');
  assert.equal(big(b.active) - big(b2.active), 240n * UNIT, '4% of 6,000');
});
