// Optimistic validation on the dev chain, with the operator client (e2e/operator): Alice's,
// Bob's and Ferdie's operators run a child network's checkpoint duty on network 0 (committees
// of one drawn by stake); their checkpoints become final. Charlie challenges an honest one: the
// validators vote it valid and Charlie loses a fifth of his bond. Ferdie's node then lies:
// Charlie challenges the false checkpoint, Alice and Bob vote it invalid, Ferdie (who does not
// vote) is jailed and slashed, and the slash reaches network 2, which Ferdie's stake also
// secures.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { u8aEq } from '@polkadot/util';
import { blake2AsU8a, cryptoWaitReady } from '@polkadot/util-crypto';
import { startNode, submit, waitFor } from './lib/node.mjs';
import { UNIT, PERBILL } from './lib/chain.mjs';
import { CheckpointAttester, OperatorClient } from './operator/client.mjs';

const NETWORK = 0;
const BOND = 1_000n * UNIT;
let node;
let api;
let k;
let clients;
const attesters = {};
const stops = [];
const seen = [];
/** The claim an honest node of network 0 attests for a checkpoint, and the one Ferdie's lies. */
const honest = (round) => blake2AsU8a(`network 0 state at checkpoint ${round}`, 256);
const falseClaim = (round) => blake2AsU8a(`a forged state at checkpoint ${round}`, 256);
let ferdieLies = false;

before(async () => {
  await cryptoWaitReady();
  const accounts = new Keyring({ type: 'sr25519', ss58Format: 42 });
  k = Object.fromEntries(['Alice', 'Bob', 'Charlie', 'Ferdie']
    .map((n) => [n.toLowerCase(), accounts.addFromUri(`//${n}`)]));
  node = await startNode(['--consensus', 'manual-seal-500']);
  api = node.api;
  stops.push(await api.query.system.events((records) => {
    for (const { event } of records) seen.push(event);
  }));
  const keys = new Keyring({ type: 'sr25519', ss58Format: 42 });
  clients = Object.fromEntries(['alice', 'bob', 'ferdie'].map((name) => [name, new OperatorClient({
    api, network: NETWORK, operator: k[name], key: keys.addFromUri(`//${name}//ssp/0`),
  })]));
}, { timeout: 150_000 });

after(async () => {
  for (const stop of stops) stop();
  if (node) await node.stop();
}, { timeout: 30_000 });

const big = (x) => x.toBigInt();
const ev = (section, method, pred = () => true) =>
  seen.filter((e) => e.section === section && e.method === method && pred(e));
const waitEvent = (section, method, pred, what, timeoutMs = 90_000) =>
  waitFor(() => ev(section, method, pred)[0] ?? null, timeoutMs, what);
const reserved = async (who) => big((await api.query.system.account(who.address)).data.reserved);

test('a committee drawn by stake attests checkpoints that become final', { timeout: 180_000 }, async () => {
  // Ferdie's operator joins network 0 (12,000 SSP at 100%) beside Alice (24,000) and Bob
  // (30,000); each registers its key for the network.
  await submit(api, api.tx.restaking.optIn(NETWORK), k.ferdie);
  await submit(api, api.tx.restaking.allocate(NETWORK, PERBILL), k.ferdie);
  for (const name of ['alice', 'bob', 'ferdie']) {
    await submit(api, clients[name].registerTx(), k[name]);
  }
  // Network 0's manager (Ferdie) turns on optimistic validation.
  const params = {
    committeeSize: 1,
    checkpointInterval: 4,
    attestationWindow: 4,
    challengeWindow: 10,
    disputeWindow: 10,
    challengerBond: BOND,
    attesterSlash: PERBILL / 2n,
    challengerSlash: PERBILL / 5n,
    noShowThreshold: 1,
  };
  const configured = await submit(api, api.tx.checkpoints.configureCheckpoints(NETWORK, params), k.ferdie);
  assert.ok(configured.find((e) => e.method === 'CheckpointsConfigured'));
  assert.equal(big((await api.call.checkpointApi.params(NETWORK)).unwrap().challengerBond), BOND);

  // Every operator's node attests its child network's state when it is drawn.
  for (const name of ['alice', 'bob', 'ferdie']) {
    const claimFor = name === 'ferdie' ? (round) => (ferdieLies ? falseClaim(round) : honest(round)) : honest;
    attesters[name] = new CheckpointAttester({ client: clients[name], submit: (tx, s) => submit(api, tx, s), claimFor });
    stops.push(await attesters[name].start());
  }

  const final = await waitEvent('checkpoints', 'CheckpointFinalized', () => true, 'a final checkpoint');
  const round = final.data.round.toNumber();
  assert.ok(u8aEq(final.data.claim, honest(round)));
  const latest = await waitFor(async () => {
    const l = await api.call.checkpointApi.latestFinal(NETWORK);
    return l.isSome ? l.unwrap() : null;
  }, 10_000, 'latestFinal');
  assert.ok(latest.round.toNumber() >= round);
  assert.ok(u8aEq(latest.claim, honest(latest.round.toNumber())));
  // A committee of one, drawn from the validator set: its member attested, within two blocks.
  const opened = ev('checkpoints', 'RoundOpened', (e) => e.data.round.toNumber() === round)[0];
  assert.equal(opened.data.committee.length, 1);
  const pending = ev('checkpoints', 'CheckpointPending', (e) => e.data.round.toNumber() === round)[0];
  assert.ok(pending, 'CheckpointPending before final');
  // The open round's committee, as the runtime API gives it, is the one its event announced.
  const open = await waitFor(async () => {
    const r = await api.call.checkpointApi.round(NETWORK, null);
    return r.isSome ? r.unwrap() : null;
  }, 10_000, 'an open round');
  const announced = await waitEvent('checkpoints', 'RoundOpened', (e) =>
    e.data.round.toNumber() === open.round.toNumber() && e.data.level.toNumber() === open.level.toNumber(),
  'the open round\'s RoundOpened', 10_000);
  assert.deepEqual(open.committee.map((m) => m.operator.toString()),
    announced.data.committee.map(String));
  assert.ok(open.committee.every((m) => big(m.weight) > 0n), 'members carry their stake');

  // Ferdie's stake reaches the validator set (after the allocation delay and the next epoch).
  await waitFor(async () => {
    const set = (await api.call.validatorSetApi.validatorSet(NETWORK, null)).unwrap();
    return set.validators.length === 3 ? set : null;
  }, 60_000, 'a validator set of network 0 with Ferdie');
  // Every attestation was taken, but for one that came after its round closed (a node that
  // answers too late is a no-show).
  for (const name of ['alice', 'bob', 'ferdie']) {
    assert.ok(attesters[name].attested.length > 0 || name === 'ferdie', `${name} attested`);
    for (const error of attesters[name].errors) {
      assert.match(error, /checkpoints\.(NotInCommittee|NotCurrentRound|RoundClosed)/);
    }
  }
});

/** Waits for a pending checkpoint of network 0 at a round after `after`, with `claim(round)`. */
async function pendingAfter(after, claim) {
  const e = await waitEvent('checkpoints', 'CheckpointPending', (e) =>
    e.data.round.toNumber() > after && u8aEq(e.data.claim, claim(e.data.round.toNumber())),
  'a pending checkpoint', 180_000);
  return e.data.round.toNumber();
}

async function vote(name, round, valid) {
  const [dispute] = (await api.call.checkpointApi.disputes(NETWORK))
    .filter((d) => d.round.toNumber() === round);
  // Through the operator's attester: its attestations and votes share one nonce sequence.
  return attesters[name].send(clients[name].voteTx(round, dispute.epoch.toNumber(), dispute.claim, valid));
}

test('a frivolous challenge is voted down and loses a fifth of its bond', { timeout: 180_000 }, async () => {
  const latest = (await api.call.checkpointApi.latestFinal(NETWORK)).unwrap().round.toNumber();
  const round = await pendingAfter(latest, honest);
  const reservedBefore = await reserved(k.charlie);
  const events = await submit(api, api.tx.checkpoints.challenge(NETWORK, round), k.charlie);
  const challenged = events.find((e) => e.method === 'Challenged');
  assert.equal(big(challenged.data.bond), BOND);
  assert.equal(await reserved(k.charlie) - reservedBefore, BOND, 'the bond is held');
  // The dispute's voters are network 0's validators, with their stake.
  const [dispute] = (await api.call.checkpointApi.disputes(NETWORK)).filter((d) => d.round.toNumber() === round);
  assert.deepEqual(dispute.voters.map((v) => v.operator.toString()).sort(),
    [k.alice.address, k.bob.address, k.ferdie.address].sort());
  assert.equal(big(dispute.total), 66_000n * UNIT);
  await assert.rejects(submit(api, api.tx.checkpoints.challenge(NETWORK, round), k.charlie),
    /checkpoints\.NotPending/);

  await Promise.all(['alice', 'bob', 'ferdie'].map((name) => vote(name, round, true)));
  await assert.rejects(vote('alice', round, false), /checkpoints\.AlreadyVoted/);
  const concluded = await waitEvent('checkpoints', 'DisputeConcluded',
    (e) => e.data.round.toNumber() === round, 'the dispute concluded');
  assert.equal(concluded.data.verdict.toString(), 'Valid');
  assert.equal(big(concluded.data.valid), 66_000n * UNIT);
  const returned = ev('checkpoints', 'BondReturned', (e) => e.data.challenger.toString() === k.charlie.address)[0];
  assert.equal(big(returned.data.forfeited), BOND / 5n);
  assert.equal(big(returned.data.returned), BOND - BOND / 5n);
  assert.equal(await reserved(k.charlie), reservedBefore, 'nothing stays held');
  assert.ok(ev('checkpoints', 'CheckpointFinalized', (e) => e.data.round.toNumber() === round)[0]);
  assert.equal(ev('slashing', 'OffenceReported').length, 0, 'no one is slashed');
});

test('a false checkpoint is found invalid: its attester is slashed and the loss reaches network 2', { timeout: 300_000 }, async () => {
  const allocated2 = async () =>
    big((await api.call.securityApi.network(2)).unwrap().security.allocated);
  const before2 = await allocated2();
  // Ferdie's node lies the next time Ferdie is drawn.
  const latest = (await api.call.checkpointApi.latestFinal(NETWORK)).unwrap().round.toNumber();
  ferdieLies = true;
  const round = await pendingAfter(latest, falseClaim);
  ferdieLies = false;
  const [open] = (await api.call.checkpointApi.openCheckpoints(NETWORK)).filter((c) => c.round.toNumber() === round);
  assert.deepEqual(open.attesters.map((a) => a.operator.toString()), [k.ferdie.address]);

  await submit(api, api.tx.checkpoints.challenge(NETWORK, round), k.charlie);
  // Alice and Bob (54,000 of 66,000 SSP) vote it invalid; Ferdie does not vote.
  await Promise.all(['alice', 'bob'].map((name) => vote(name, round, false)));
  const concluded = await waitEvent('checkpoints', 'DisputeConcluded',
    (e) => e.data.round.toNumber() === round, 'the dispute concluded');
  assert.equal(concluded.data.verdict.toString(), 'Invalid');
  assert.equal(big(concluded.data.invalid), 54_000n * UNIT);
  const jailed = ev('checkpoints', 'NonVotersJailed', (e) => e.data.round.toNumber() === round)[0];
  assert.deepEqual(jailed.data.operators.map((o) => o.toString()), [k.ferdie.address]);

  // Ferdie is reported to the slashing pallet, Charlie the reporter, at the attester slash
  // (50%, network 0's max slash).
  await waitEvent('checkpoints', 'AttesterReported', (e) => e.data.round.toNumber() === round, 'AttesterReported');
  const reported = ev('slashing', 'OffenceReported', (e) => e.data.operator.toString() === k.ferdie.address)[0];
  assert.equal(reported.data.reporter.toString(), k.charlie.address);
  assert.equal(big(reported.data.fraction), PERBILL / 2n);
  assert.ok(ev('checkpoints', 'CheckpointPunished', (e) => e.data.round.toNumber() === round)[0]);
  const final = (await api.call.checkpointApi.latestFinal(NETWORK)).unwrap();
  assert.ok(!u8aEq(final.claim, falseClaim(round)), 'the false claim never became final');

  // After the veto window the slash applies: half of Ferdie's 12,000 SSP; network 2, which the
  // same stake secures, loses it too.
  const id = reported.data.id.toNumber();
  const applied = await waitEvent('slashing', 'SlashApplied', (e) => e.data.id.toNumber() === id, 'SlashApplied');
  assert.equal(big(applied.data.amount), 6_000n * UNIT);
  // Charlie, the reporter, earns a tenth of it.
  assert.equal(big(await api.query.slashing.reporterRewards(k.charlie.address)), 600n * UNIT);
  const after2 = await waitFor(async () => {
    const now = await allocated2();
    return now < before2 ? now : null;
  }, 60_000, 'network 2 losing Ferdie\'s slashed stake');
  assert.equal(before2 - after2, 6_000n * UNIT);
});
