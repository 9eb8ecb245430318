// Slashing cover and security default swaps on the dev chain (issue 15): a restaker buys cover
// of its position with Alice's operator, a swap buyer buys protection on network 1; one slash of
// Alice on network 1 pays both, from the pool and the seller's collateral, with no claim. Bad
// inputs give typed errors and change nothing.
//
// Alice's operator: Charlie's 40,000 SSP, 60% allocated to network 1 (24,000 SSP). A 10% slash
// there takes 2,400 SSP: 6% of the operator's pool.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { submit, waitFor } from './lib/node.mjs';
import { devChain } from './lib/dev.mjs';
import { UNIT, PERBILL, LEASE_PERIOD } from './lib/chain.mjs';

const ONE = 10n ** 18n;
let chain;
let api;
let k;
let seen;

before(async () => {
  chain = await devChain(['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie', 'Alice//stash']);
  ({ api, k, seen } = chain);
}, { timeout: 150_000 });

after(async () => {
  if (chain) await chain.stop();
}, { timeout: 30_000 });

const big = (x) => x.toBigInt();
const ev = (method, pred = () => true) =>
  seen.filter((e) => e.section === 'cover' && e.method === method && pred(e));
const blockNow = async () => (await api.query.system.number()).toNumber();
const free = async (who) => big((await api.query.system.account(who.address)).data.free);
const alicePool = () => ({ Operator: k.alice.address });
const pool = async (subject) => (await api.call.coverApi.pool(subject)).unwrap();

test('bad inputs give typed errors and change nothing', { timeout: 90_000 }, async () => {
  const now = await blockNow();
  // No pool yet.
  await assert.rejects(submit(api, api.tx.cover.buyCover(alicePool(), 1_000n * UNIT, now + 40,
    10_000n * UNIT), k.charlie), /NoPool/);
  await submit(api, api.tx.cover.deposit(alicePool(), 1_000n * UNIT), k.bob);
  const funds = big((await pool(alicePool())).funds);
  assert.equal(funds, 1_000n * UNIT);
  const tries = [
    // Over the pool's capacity (its 1,000 SSP).
    [api.tx.cover.buyCover(alicePool(), 2_000n * UNIT, now + 40, 10_000n * UNIT), k.charlie, /OverCapacity/],
    // A term already over.
    [api.tx.cover.buyCover(alicePool(), 100n * UNIT, now - 1, 10_000n * UNIT), k.charlie, /TermExpired/],
    // Dave restakes with Bob's operator, not Alice's.
    [api.tx.cover.buyCover(alicePool(), 100n * UNIT, now + 40, 10_000n * UNIT), k.dave, /WrongOperator/],
    // A premium above the bound.
    [api.tx.cover.buyCover(alicePool(), 100n * UNIT, now + 40, 0n), k.charlie, /PremiumAboveMax/],
    // A swap with no term, or collateral below 100 SSP.
    [api.tx.cover.offerSwap(1, 100n * UNIT, UNIT, 0, 100n * UNIT), k.dave, /TermTooLong/],
    [api.tx.cover.offerSwap(1, 99n * UNIT, UNIT, 2, 100n * UNIT), k.dave, /CollateralTooLow/],
    // A claim before any slash.
    [api.tx.cover.claimSwap(0), k.dave, /UnknownSwap/],
  ];
  for (const [tx, who, error] of tries) {
    await assert.rejects(submit(api, tx, who), error);
  }
  // Alice restakes with her own operator: she may not cover that position.
  await submit(api, api.tx.restaking.restake(k.alice.address, 100n * UNIT), k.alice);
  await assert.rejects(submit(api, api.tx.cover.buyCover(alicePool(), 100n * UNIT, now + 40,
    10_000n * UNIT), k.alice), /SelfCover/);
  const after = await pool(alicePool());
  assert.equal(big(after.funds), funds, 'the pool is unchanged');
  assert.equal(big(after.covered), 0n);
});

test('one applied slash pays the covered restaker from the pool and the swap buyer from the collateral', { timeout: 150_000 }, async () => {
  // Bob underwrites Alice's operator with 24,000 SSP more (25,000 in all): cover is fully
  // backed, so the pool's funds bound what it sells.
  await submit(api, api.tx.cover.deposit(alicePool(), 24_000n * UNIT), k.bob);
  // Charlie covers 20,000 SSP of his 40,000 for four periods.
  const submitted = await blockNow();
  const until = submitted + 4 * LEASE_PERIOD;
  const bought = (await submit(api, api.tx.cover.buyCover(alicePool(), 20_000n * UNIT, until,
    1_000n * UNIT), k.charlie)).find((e) => e.method === 'CoverBought').data;
  const rate = big(bought.rate);
  assert.ok(rate >= 2n * ONE / 1_000n, `at least the 0.2% target: ${rate}`);
  // amount × rate × term / period, the term counted from the block the purchase landed in.
  const perPeriod = (20_000n * UNIT * rate + ONE - 1n) / ONE;
  const premium = (term) => (perPeriod * BigInt(term) + BigInt(LEASE_PERIOD) - 1n) / BigInt(LEASE_PERIOD);
  const paidPremium = big(bought.premium);
  assert.ok(paidPremium <= premium(4 * LEASE_PERIOD) && paidPremium >= premium(4 * LEASE_PERIOD - 5),
    `premium ${paidPremium} for ${perPeriod} a period`);
  const p = await pool(alicePool());
  assert.equal(big(p.covered), 20_000n * UNIT);
  assert.ok(big(p.price) > rate, 'the purchase bumped the rate');
  const cover = (await api.call.coverApi.cover(k.charlie.address)).unwrap();
  assert.equal(big(cover.covered), 20_000n * UNIT);

  // Dave sells protection on network 1: 5,000 SSP if 1,000 SSP or more are slashed there
  // within five periods, for 10 SSP a period; Eve buys it.
  const offered = (await submit(api, api.tx.cover.offerSwap(1, 5_000n * UNIT, 10n * UNIT, 5,
    1_000n * UNIT), k.dave)).find((e) => e.method === 'SwapOffered').data.id.toNumber();
  await submit(api, api.tx.cover.buySwap(offered, 10n * UNIT), k.eve);
  const swaps = await api.call.coverApi.swaps(1);
  assert.ok(swaps.some(([id, s]) => id.toNumber() === offered && s.status.isActive));

  // Eve, network 1's slasher, reports Alice for 10% there.
  const now = await blockNow();
  const id = (await submit(api, api.tx.slashing.reportOffence(1, k.alice.address, PERBILL / 10n,
    now, '0x01'), k.eve)).find((e) => e.method === 'OffenceReported').data.id.toNumber();
  // While it is pending, no cover is sold on Alice and no protection on network 1.
  await submit(api, api.tx.staking.bond(2_000n * UNIT, 'Stash'), k.alice_stash);
  await submit(api, api.tx.restaking.restake(k.alice.address, 1_000n * UNIT), k.alice_stash);
  await assert.rejects(submit(api, api.tx.cover.buyCover(alicePool(), 500n * UNIT, now + 40,
    1_000n * UNIT), k.alice_stash), /SlashPending/);
  const second = (await submit(api, api.tx.cover.offerSwap(1, 100n * UNIT, UNIT, 2, UNIT), k.dave))
    .find((e) => e.method === 'SwapOffered').data.id.toNumber();
  await assert.rejects(submit(api, api.tx.cover.buySwap(second, UNIT), k.eve), /SlashPending/);

  // Eve (a restaker, not an operator: nothing else moves her free funds) is paid by the swap.
  const eveBefore = await free(k.eve);
  const applied = await waitFor(() => seen.find((e) => e.section === 'slashing'
    && e.method === 'SlashApplied' && e.data.id.toNumber() === id) ?? null, 60_000, 'the slash applied');
  const amount = big(applied.data.amount);
  // 10% of the 24,000 SSP Alice allocates there, plus the restakes since (all at 60%).
  assert.ok(amount >= 2_400n * UNIT, `slashed ${amount}`);
  // The covers lost the same fraction of the 20,000 SSP covered; the pool reserved that less
  // the 10% deductible (the reporter's share of a slash).
  const triggered = ev('CoverTriggered', (e) => e.data.slash.toNumber() === id)[0];
  assert.ok(triggered, 'the cover pool heard the slash');
  const poolBefore = 41_100n * UNIT; // Charlie's 40,000, Alice's 100, Alice//stash's 1,000
  const reserved = big(triggered.data.reserved);
  const lost = 20_000n * UNIT * amount / poolBefore;
  const expected = lost - lost / 10n;
  assert.ok(reserved >= expected - 2n && reserved <= expected + 2n, `reserved ${reserved} vs ${expected}`);
  // The network's slashes since the purchase passed the threshold: anyone may have the swap
  // paid now (the hook pays it at its end anyway). It pays Eve the collateral and the premiums
  // of the periods not begun.
  await submit(api, api.tx.cover.claimSwap(offered), k.bob);
  const swap = ev('SwapTriggered', (e) => e.data.id.toNumber() === offered)[0];
  assert.ok(swap, 'the swap triggered');
  assert.ok(big(swap.data.toBuyer) >= 5_000n * UNIT);
  assert.equal(big(swap.data.toBuyer) + big(swap.data.toSeller), 5_050n * UNIT);
  assert.equal(await free(k.eve), eveBefore + big(swap.data.toBuyer));

  // Charlie makes no claim: when his cover ends the hook pays him what the slash took, less
  // the deductible.
  const charlieBefore = await free(k.charlie);
  await waitFor(() => ev('CoverEnded', (e) => e.data.restaker.toString() === k.charlie.address)[0]
    ?? null, 60_000, 'the cover ended');
  const settled = ev('CoverSettled', (e) => e.data.restaker.toString() === k.charlie.address);
  const paid = settled.reduce((s, e) => s + big(e.data.paid), 0n);
  assert.ok(paid >= reserved - 1n && paid <= reserved, `paid ${paid} of ${reserved}`);
  assert.equal(await free(k.charlie), charlieBefore + paid);
  assert.equal(big((await pool(alicePool())).covered), 0n);
});
