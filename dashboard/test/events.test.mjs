import { test } from 'node:test';
import assert from 'node:assert/strict';
import { context, describe } from '../src/events.js';

const UNIT = 10n ** 12n;
const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';
const ctx = context(new Map([[ALICE, 'Alice']]));

const event = (section, method, args, types = {}) => ({ section, method, args, types });

test('an offence report says who, where, how much and when it applies', () => {
  const said = describe(event('slashing', 'OffenceReported', {
    id: 7, network: 1, operator: ALICE, reporter: BOB, fraction: 100_000_000n, offenceBlock: 3, applyAt: 40,
  }), ctx);
  assert.equal(said.kind, 'offence');
  assert.equal(said.text, 'Offence reported on network 1: Alice faces a 10% slash (#7), applied at block 40 unless vetoed');
});

test('a veto gives its reason as text and an applied slash its amount', () => {
  const veto = describe(event('slashing', 'SlashCancelled', { id: 7, reason: '0x6e6f7420612066617574' }), ctx);
  assert.deepEqual(veto, { kind: 'veto', text: 'Slash #7 vetoed: not a faut' });
  const applied = describe(event('slashing', 'SlashApplied', {
    id: 8, network: 2, operator: BOB, fraction: 200_000_000n, amount: 3_000n * UNIT, reporterReward: 0n, networksAffected: 2,
  }), ctx);
  assert.equal(applied.kind, 'slash');
  assert.equal(applied.text,
    'Slash #8 applied: 5FHneW…694ty lost 3,000 SSP (20%) for an offence on network 2; 2 network(s) affected');
});

test('security changes read as ratios against the target', () => {
  const changed = describe(event('leasing', 'SecurityChanged', {
    network: 2, allocated: 25_500n * UNIT, oldCoc: 4_500n * UNIT, newCoc: 4_250n * UNIT, pfc: 4_300n * UNIT,
    ratio: 988_372_093_023_255_813n, meetsTarget: false,
  }), ctx);
  assert.deepEqual(changed, {
    kind: 'security',
    text: 'Network 2 security: CoC 4,500 SSP → 4,250 SSP, ratio 0.98 (below target)',
  });
  const under = describe(event('leasing', 'NetworkUnderSecured', { network: 2, ratio: 98n * 10n ** 16n, target: 10n ** 18n }), ctx);
  assert.equal(under.text, 'Network 2 fell under its target: ratio 0.98 < 1');
});

test('an event without a sentence is told field by field in the units of its types', () => {
  const said = describe(event('cover', 'Deposited',
    { subject: { network: 0 }, underwriter: ALICE, amount: 25_000n * UNIT, shares: 7n },
    { subject: 'SubjectOf<T>', underwriter: 'T::AccountId', amount: 'BalanceOf<T>', shares: 'u128' }), ctx);
  assert.deepEqual(said, {
    kind: 'other',
    text: 'Deposited: subject {"network":0}, underwriter Alice, amount 25,000 SSP, shares 7',
  });
  const root = describe(event('checkpoints', 'CheckpointPending',
    { network: 1, round: 4, claim: `0x${'ab'.repeat(32)}`, challengeUntil: 90 },
    { network: 'NetworkId', round: 'u64', claim: '[u8; 32]', challengeUntil: 'BlockNumberFor<T>' }), ctx);
  assert.equal(root.text, 'Checkpoint pending: network 1, round 4, claim 0xababab…abab, challengeUntil 90');
});

test('polkadot.js values are read through their codecs: bools, bytes, options, lists of accounts', async () => {
  const { TypeRegistry } = await import('@polkadot/types');
  const registry = new TypeRegistry();
  const bob = registry.createType('AccountId32', BOB);
  const changed = describe(event('leasing', 'SecurityChanged', {
    network: registry.createType('u32', 1), allocated: registry.createType('u128', 0), oldCoc: registry.createType('u128', UNIT),
    newCoc: registry.createType('u128', 2n * UNIT), pfc: registry.createType('u128', UNIT),
    ratio: registry.createType('u128', 2n * 10n ** 18n), meetsTarget: registry.createType('bool', true),
  }), ctx);
  assert.equal(changed.text, 'Network 1 security: CoC 1 SSP → 2 SSP, ratio 2 (meets target)');
  const veto = describe(event('slashing', 'SlashCancelled',
    { id: registry.createType('u32', 3), reason: registry.createType('Bytes', 'false report') }), ctx);
  assert.equal(veto.text, 'Slash #3 vetoed: false report');
  const offence = describe(event('offences', 'Offence',
    { kind: registry.createType('[u8; 16]', 'babe:equivocatio'), timeslot: registry.createType('Bytes', '0x01') }), ctx);
  assert.deepEqual(offence, { kind: 'offence', text: 'The parent chain recorded a babe:equivocatio offence' });

  const fields = (args, types) => describe(event('checkpoints', 'NoShows', args, types), ctx).text;
  assert.equal(fields(
    { network: registry.createType('u32', 2), operators: registry.createType('Vec<AccountId32>', [ALICE, BOB]) },
    { network: 'NetworkId', operators: 'alloc::vec::Vec<T::AccountId>' },
  ), 'No shows: network 2, operators [Alice, 5FHneW…694ty]');
  assert.equal(describe(event('restaking', 'AskSet',
    { operator: bob, network: 0, ask: registry.createType('Option<u128>', null), askedReward: 0n },
    { operator: 'T::AccountId', network: 'NetworkId', ask: 'Option<FixedU128>', askedReward: 'BalanceOf<T>' }), ctx).text,
  'Ask set: operator 5FHneW…694ty, network 0, ask none, askedReward 0 SSP');
  assert.equal(describe(event('restaking', 'AskSet',
    { operator: bob, network: 0, ask: registry.createType('Option<u128>', 5n * 10n ** 15n), askedReward: 8n * UNIT },
    { operator: 'T::AccountId', network: 'NetworkId', ask: 'Option<FixedU128>', askedReward: 'BalanceOf<T>' }), ctx).text,
  'Ask set: operator 5FHneW…694ty, network 0, ask 0.005, askedReward 8 SSP');
});

test('a failed slash names its error through the registry when there is one', () => {
  const moduleError = { isModule: true, asModule: { index: 21, error: 4 } };
  const registry = { findMetaError: () => ({ section: 'restaking', name: 'NotOptedIn' }) };
  const withRegistry = context(new Map(), undefined, registry);
  assert.equal(describe(event('slashing', 'SlashFailed', { id: 2, error: moduleError }), withRegistry).text,
    'Slash #2 failed: restaking.NotOptedIn');
  assert.equal(describe(event('slashing', 'SlashFailed', { id: 2, error: 'Other' }), ctx).text, 'Slash #2 failed: Other');
  const documented = context(new Map(), undefined,
    { findMetaError: () => ({ section: 'restaking', name: 'NotOptedIn', docs: ['Not opted into', 'the network.'] }) });
  assert.equal(documented.error(moduleError, { docs: true }), 'restaking.NotOptedIn: Not opted into the network.');
  assert.equal(documented.error(moduleError), 'restaking.NotOptedIn');
});

test('a market update, with its array of bucket indices, is told in words (it broke the feed at each period)', () => {
  const said = describe(event('leasing', 'MarketUpdated', {
    period: 1, utilisation: 497_560_977n, demand: 1_000n * UNIT, capacity: 2_000n * UNIT,
    basePrice: 4n * 10n ** 16n, index: 3_542_857_142_857_142n, buckets: [0n, 3_542_857_142_857_142n, 0n],
  }, {
    period: 'LeasePeriodIndex', utilisation: 'Perbill', demand: 'BalanceOf<T>', capacity: 'BalanceOf<T>',
    basePrice: 'FixedU128', index: 'FixedU128', buckets: '[FixedU128; RISK_BUCKETS]',
  }), ctx);
  assert.deepEqual(said, {
    kind: 'other',
    text: 'Market updated: period 1, utilisation 49.75%, demand 1,000 SSP, capacity 2,000 SSP, basePrice 0.04, '
      + 'index 0.0035, buckets [0, 0.0035, 0]',
  });
});

test('an event the feed cannot tell is still shown, by its name and raw fields', () => {
  const said = describe(event('cover', 'Deposited', { amount: { not: 'a balance' } }, { amount: 'BalanceOf<T>' }), ctx);
  assert.deepEqual(said, { kind: 'other', text: 'Deposited: {"amount":{"not":"a balance"}}' });
});
