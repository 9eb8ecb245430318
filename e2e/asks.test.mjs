// Operators' minimum yields on the dev chain (issue 14, item 3): an ask above what a network
// pays refuses the operator's allocation increase there (`BelowAsk`), the quote for the network
// rises to cover what its backers ask (`askFloor`), and a lease payout below the asks is
// evented (`RewardBelowAsks`).
//
// Network 2 on the dev chain: 27,000 SSP of stake (Bob's 15,000 and Ferdie's 12,000), a lease
// paying 72 SSP a period (0.27% of its stake), a third × 50% slashable: 4,500 SSP of security.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { submit, waitFor } from './lib/node.mjs';
import { devChain } from './lib/dev.mjs';
import { UNIT, PERBILL } from './lib/chain.mjs';

/** `FixedU128` one. */
const ONE = 10n ** 18n;
let chain;
let api;
let k;
let seen;

before(async () => {
  chain = await devChain(['Alice', 'Ferdie']);
  ({ api, k, seen } = chain);
}, { timeout: 150_000 });

after(async () => {
  if (chain) await chain.stop();
}, { timeout: 30_000 });

const big = (x) => x.toBigInt();

test('an allocation increase below the operator\'s ask is refused', { timeout: 60_000 }, async () => {
  // Alice's operator (40,000 SSP) joins network 2 and asks 0.5% a period there: 10% of her
  // stake would make 31,000 SSP earning 72 SSP, 0.23%.
  await submit(api, api.tx.restaking.optIn(2), k.alice);
  const set = (await submit(api, api.tx.restaking.setAsk(2, ONE / 200n), k.alice))
    .find((e) => e.method === 'AskSet').data;
  assert.equal(big(set.ask.unwrap()), ONE / 200n);
  await assert.rejects(submit(api, api.tx.restaking.allocate(2, PERBILL / 10n), k.alice),
    /BelowAsk/);
  assert.equal((await api.query.restaking.operators(k.alice.address)).unwrap().allocations
    .find((a) => a.network.toNumber() === 2).pending.isNone, true, 'nothing scheduled');
  // At 0.2% the same increase is accepted.
  await submit(api, api.tx.restaking.setAsk(2, ONE / 500n), k.alice);
  const scheduled = (await submit(api, api.tx.restaking.allocate(2, PERBILL / 10n), k.alice))
    .find((e) => e.method === 'AllocationScheduled');
  assert.ok(scheduled, 'the allocation is scheduled');
  // Above `MaxAsk` (10% a period) is refused.
  await assert.rejects(submit(api, api.tx.restaking.setAsk(2, ONE / 10n + 1n), k.alice),
    /AskTooHigh/);
});

test('the quote covers the backers\' asks and a payout below them is evented', { timeout: 90_000 }, async () => {
  // Alice's 4,000 SSP count on network 2 once her increase has taken effect: 0.2% of it asked.
  await waitFor(async () => big(await api.query.restaking.networkAskedReward(2)) === 8n * UNIT,
    30_000, 'Alice\'s allocation counted with her ask');
  // Ferdie's operator asks 5% a period of its 12,000 SSP on network 2: 600 SSP a period more,
  // far above the 72 SSP its lease pays.
  const set = (await submit(api, api.tx.restaking.setAsk(2, ONE / 20n), k.ferdie))
    .find((e) => e.method === 'AskSet').data;
  const asked = big(set.askedReward);
  assert.equal(asked, 608n * UNIT);
  // Read at one block: each unit of the network's security (its CoC) must now pay asked / CoC,
  // rounded up; the quote is that floor, above the market price.
  const at = await api.at(await api.rpc.chain.getBlockHash());
  const coc = big((await at.query.leasing.networks(2)).unwrap().security.coc);
  assert.equal(big(await at.query.restaking.networkAskedReward(2)), asked);
  const quote = (await at.call.marketApi.quote(2, coc, 1)).asOk;
  const market = big(quote.basePrice) * big(quote.riskFactor) / ONE;
  assert.ok(big(quote.askFloor) > market, `floor ${big(quote.askFloor)} vs market ${market}`);
  assert.equal(big(quote.askFloor), (asked * ONE + coc - 1n) / coc);
  assert.equal(big(quote.price), big(quote.askFloor));
  const pays = big(quote.rewardPerPeriod);
  assert.ok(pays >= asked && pays <= asked + 1n, `a lease of the CoC at the quote pays ${pays}, asked ${asked}`);
  const view = (await at.call.marketApi.market()).networks.find((n) => n.network.toNumber() === 2);
  assert.equal(big(view.askFloor), big(quote.askFloor));
  // The lease still pays its locked 72 SSP a period: the next payout is evented as short.
  const short = await waitFor(() => seen.find((e) => e.section === 'restaking'
    && e.method === 'RewardBelowAsks' && e.data.network.toNumber() === 2) ?? null,
  60_000, 'a payout below the asks');
  assert.equal(big(short.data.paid), 72n * UNIT);
  assert.equal(big(short.data.asked), asked);
});
