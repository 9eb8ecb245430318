// Operator keys, validator sets and proven equivocations on the dev chain, with the operator
// client (e2e/operator): Alice's and Bob's operators register keys for network 0 with proofs of
// possession; the next validator set names them, and a child chain reads it with a verified
// state proof; both sign rounds, Bob's key equivocates, Charlie (no slasher of anything) proves
// it; after the veto window the slash applies and reaches network 2, which Bob's stake also
// secures.
import { test, before, after } from 'node:test';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { u8aEq, u8aToHex } from '@polkadot/util';
import { blake2AsU8a, cryptoWaitReady } from '@polkadot/util-crypto';
import { startNode, submit, waitFor } from './lib/node.mjs';
import { UNIT, PERBILL } from './lib/chain.mjs';
import {
  EquivocationWatcher, OperatorClient, possessionMessage, readValidatorSet,
  reportEquivocationTx, verifyReadProof,
} from './operator/client.mjs';

let node;
let api;
let k;
let clients;
const seen = [];
let unsubEvents = () => {};

before(async () => {
  await cryptoWaitReady();
  const accounts = new Keyring({ type: 'sr25519', ss58Format: 42 });
  k = Object.fromEntries(['Alice', 'Bob', 'Charlie', 'Dave']
    .map((n) => [n.toLowerCase(), accounts.addFromUri(`//${n}`)]));
  node = await startNode(['--consensus', 'manual-seal-500']);
  api = node.api;
  unsubEvents = await api.query.system.events((records) => {
    for (const { event } of records) seen.push(event);
  });
  const keys = new Keyring({ type: 'sr25519', ss58Format: 42 });
  clients = {
    alice: new OperatorClient({ api, network: 0, operator: k.alice, key: keys.addFromUri('//Alice//ssp/0') }),
    bob: new OperatorClient({
      api, network: 0, operator: k.bob, key: keys.addFromUri('//Bob//ssp/0'), equivocateAt: [1],
    }),
  };
}, { timeout: 150_000 });

after(async () => {
  unsubEvents();
  if (node) await node.stop();
}, { timeout: 30_000 });

const big = (x) => x.toBigInt();
const lastEvent = (section, method, pred = () => true) =>
  seen.findLast((e) => e.section === section && e.method === method && pred(e));

test('operators register their keys for a network with proofs of possession', async () => {
  // A proof made for another operator is refused, and nothing is held.
  const stolen = clients.alice.signature(
    possessionMessage(api.genesisHash, 0, k.bob.address));
  await assert.rejects(
    submit(api, api.tx.operatorKeys.registerKey(0, clients.alice.networkKey, stolen), k.alice),
    /operatorKeys\.BadProof/);

  const reserved = async (who) => big((await api.query.system.account(who.address)).data.reserved);
  const before = await reserved(k.alice);
  for (const name of ['alice', 'bob']) {
    const events = await submit(api, clients[name].registerTx(), k[name]);
    const registered = events.find((e) => e.method === 'KeyRegistered');
    assert.ok(registered, `KeyRegistered for ${name}`);
    assert.ok(u8aEq(registered.data.key.asSr25519, clients[name].key.publicKey));
  }
  assert.equal(await reserved(k.alice) - before, 10n * UNIT, 'the key deposit is held');
  const record = (await api.call.validatorSetApi.operatorKey(0, k.bob.address)).unwrap();
  assert.ok(u8aEq(record.key.asSr25519, clients.bob.key.publicKey));
  // Bob's key is his: Alice cannot register it too, even with her own proof.
  const bobKeyForAlice = new OperatorClient({
    api, network: 0, operator: k.alice, key: clients.bob.key,
  });
  await assert.rejects(
    submit(api, api.tx.operatorKeys.rotateKey(0, bobKeyForAlice.networkKey, bobKeyForAlice.possessionProof()), k.alice),
    /operatorKeys\.KeyInUse/);
});

/** Waits for a set of network 0 that names both keys; returns its epoch. */
async function epochWithBothKeys() {
  return waitFor(async () => {
    const view = await api.call.validatorSetApi.validatorSet(0, null);
    if (view.isNone) return null;
    const set = view.unwrap();
    return set.validators.length === 2 ? set.epoch.toNumber() : null;
  }, 60_000, 'a validator set of network 0 naming both keys');
}

test('the next validator set names the keys, by stake, and a child chain proves it', async () => {
  const epoch = await epochWithBothKeys();
  const set = (await api.call.validatorSetApi.validatorSet(0, epoch)).unwrap();
  // Bob restakes 30,000 SSP at 100% on network 0; Alice 40,000 at 60%.
  assert.deepEqual(set.validators.map((v) => [v.operator.toString(), big(v.weight)]),
    [[k.bob.address, 30_000n * UNIT], [k.alice.address, 24_000n * UNIT]]);
  assert.ok(u8aEq(set.validators[0].key.asSr25519, clients.bob.key.publicKey));
  const announced = lastEvent('operatorKeys', 'ValidatorSetUpdated',
    (e) => e.data.network.toNumber() === 0 && e.data.epoch.toNumber() === epoch);
  assert.ok(announced, 'ValidatorSetUpdated');
  assert.equal(u8aToHex(announced.data.setRoot), u8aToHex(set.setRoot));

  // The child chain's view: the set read with a state proof, checked against the state root.
  const read = await readValidatorSet(api, 0, epoch);
  assert.equal(u8aToHex(read.setRoot), u8aToHex(set.setRoot), 'the proven set has the announced root');
  assert.equal(read.set.validators.length, 2);
  assert.equal(read.set.validators[0].operator.toString(), k.bob.address);
  // The proof really is checked: against another state root it does not verify.
  const at = await api.rpc.chain.getBlockHash();
  const { proof } = await api.rpc.state.getReadProof([read.key], at);
  assert.throws(() => verifyReadProof(blake2AsU8a('not the root'), proof, read.key), /lacks node/);
  const raw = await api.rpc.state.getStorage(read.key, at);
  const proven = verifyReadProof((await api.rpc.chain.getHeader(at)).stateRoot, proof, read.key);
  assert.equal(u8aToHex(proven), u8aToHex(raw.unwrap().toU8a(true)), 'the proven value is the stored one');
});

test('the operator client program prints the state-proven set', async () => {
  const epoch = await epochWithBothKeys();
  const { stdout } = await promisify(execFile)(process.execPath, [
    new URL('./operator/cli.mjs', import.meta.url).pathname,
    'set', '--ws', `ws://127.0.0.1:${node.rpcPort}`, '--network', '0', '--epoch', String(epoch),
  ], { timeout: 60_000 });
  const printed = JSON.parse(stdout);
  const set = (await api.call.validatorSetApi.validatorSet(0, epoch)).unwrap();
  assert.equal(printed.setRoot, u8aToHex(set.setRoot));
  assert.deepEqual(printed.set.validators.map((v) => v.operator), [k.bob.address, k.alice.address]);
});

test('an equivocation is proven by a third party, slashed after the veto window, and propagates', { timeout: 180_000 }, async () => {
  const epoch = await epochWithBothKeys();
  // Every node of the network sees every statement; Bob's key signs two payloads in round 1.
  const watcher = new EquivocationWatcher();
  const proofs = [];
  for (let round = 0; round < 3; round++) {
    const payload = blake2AsU8a(`network 0 epoch ${epoch} round ${round}`, 256);
    for (const name of ['alice', 'bob']) {
      for (const signed of clients[name].signRound(epoch, round, payload)) {
        const proof = watcher.observe(signed);
        if (proof) proofs.push(proof);
      }
    }
  }
  assert.equal(proofs.length, 1, 'one equivocation, by Bob in round 1');
  const [proof] = proofs;
  assert.equal(proof.first.round, 1);

  // What is not an equivocation changes nothing.
  const samePayload = { ...proof, second: proof.first, secondSignature: proof.firstSignature };
  await assert.rejects(submit(api, reportEquivocationTx(api, 0, samePayload), k.charlie),
    /operatorKeys\.SamePayload/);
  const forged = { ...proof, secondSignature: clients.alice.signature(new Uint8Array(8)) };
  await assert.rejects(submit(api, reportEquivocationTx(api, 0, forged), k.charlie),
    /operatorKeys\.BadSignature/);

  const before2 = (await api.call.securityApi.network(2)).unwrap().security.allocated.toBigInt();
  const events = await submit(api, reportEquivocationTx(api, 0, proof), k.charlie);
  const proven = events.find((e) => e.section === 'operatorKeys' && e.method === 'EquivocationReported');
  assert.ok(proven, 'EquivocationReported');
  assert.equal(proven.data.operator.toString(), k.bob.address);
  const reported = events.find((e) => e.section === 'slashing' && e.method === 'OffenceReported');
  // Charlie is the reporter, and the slash is network 0's max slash (50%).
  assert.equal(reported.data.reporter.toString(), k.charlie.address);
  assert.equal(big(reported.data.fraction), PERBILL / 2n);
  const id = reported.data.id.toNumber();
  // A second proof of the same offence is refused.
  await assert.rejects(submit(api, reportEquivocationTx(api, 0, proof), k.charlie),
    /slashing\.DuplicateReport/);

  // After the veto window (20 blocks) the slash applies: half of Bob's 30,000 SSP.
  const applied = await waitFor(
    () => lastEvent('slashing', 'SlashApplied', (e) => e.data.id.toNumber() === id), 90_000, 'SlashApplied');
  assert.equal(big(applied.data.amount), 15_000n * UNIT);
  // ... and reaches network 2, where Bob's stake (50% of his pool) also counted.
  const after2 = await waitFor(async () => {
    const now = (await api.call.securityApi.network(2)).unwrap().security.allocated.toBigInt();
    return now < before2 ? now : null;
  }, 60_000, 'network 2 losing Bob\'s slashed stake');
  assert.equal(before2 - after2, 7_500n * UNIT);
  // Slashed on network 0, Bob is jailed there: the next set leaves him out.
  const next = await waitFor(async () => {
    const set = (await api.call.validatorSetApi.validatorSet(0, null)).unwrap();
    return set.epoch.toNumber() > epoch &&
      set.validators.every((v) => v.operator.toString() !== k.bob.address) ? set : null;
  }, 60_000, 'a set without the jailed operator');
  assert.deepEqual(next.validators.map((v) => v.operator.toString()), [k.alice.address]);
});
