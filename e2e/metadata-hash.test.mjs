// Hardware-wallet signing (RFC-0078): a Ledger or Polkadot Vault signs in mode 1 over the digest
// of the chain's metadata, computed here as their integrations compute it
// (@polkadot-api/merkleize-metadata over `Metadata_metadata_at_version(15)` and the chain's token
// properties). The node includes such transactions, rejects a wrong digest before inclusion, and
// keeps including the mode-0 transactions polkadot.js apps signs by default.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { merkleizeMetadata } from '@polkadot-api/merkleize-metadata';
import { startNode, submit } from './lib/node.mjs';
import { UNIT } from './lib/chain.mjs';

let node;
let api;
let keyring;
let digest;

const hex = (bytes) => `0x${Buffer.from(bytes).toString('hex')}`;
const find = (events, section, method) =>
  events.find((e) => e.section === section && e.method === method);

/** The RFC-0078 digest a hardware wallet checks, from what the node serves. */
async function metadataDigest() {
  const metadata = (await api.call.metadata.metadataAtVersion(15)).unwrap();
  const version = api.runtimeVersion;
  return merkleizeMetadata(metadata.toU8a(true), {
    decimals: api.registry.chainDecimals[0],
    tokenSymbol: api.registry.chainTokens[0],
    // Hints: merkleizeMetadata checks them against the metadata and throws on a mismatch.
    base58Prefix: api.registry.chainSS58,
    specName: version.specName.toString(),
    specVersion: version.specVersion.toNumber(),
  }).digest();
}

before(async () => {
  await cryptoWaitReady();
  keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  node = await startNode(['--consensus', 'manual-seal-500']);
  api = node.api;
  digest = await metadataDigest();
}, { timeout: 150_000 });

after(async () => {
  if (node) await node.stop();
}, { timeout: 30_000 });

test('the runtime carries CheckMetadataHash and transaction version 3', (t) => {
  assert.ok(api.registry.signedExtensions.includes('CheckMetadataHash'),
    `extensions: ${api.registry.signedExtensions}`);
  // 2: CheckMetadataHash appended; 3: leases bought at a quote (new lease call arguments).
  assert.equal(api.runtimeVersion.transactionVersion.toNumber(), 3);
  t.diagnostic(`metadata digest computed by @polkadot-api/merkleize-metadata: ${hex(digest)}`);
});

test('a transfer and a restake signed in mode 1 over the metadata digest are included', { timeout: 90_000 }, async () => {
  const alice = keyring.addFromUri('//Alice');
  const ledger = keyring.addFromUri('//E2eLedgerUser');
  const mode1 = { mode: 1, metadataHash: hex(digest) };

  const signed = api.tx.balances.transferKeepAlive(ledger.address, 2_000n * UNIT);
  const transferred = await submit(api, signed, alice, 60_000, mode1);
  assert.equal(signed.mode.toNumber(), 1, 'the extrinsic says mode 1');
  const transfer = find(transferred, 'balances', 'Transfer');
  assert.ok(transfer, 'Transfer event');
  assert.equal(transfer.data.amount.toBigInt(), 2_000n * UNIT);

  // The Ledger user bonds and restakes with Bob's operator (registered at genesis).
  await submit(api, api.tx.staking.bond(1_000n * UNIT, 'Stash'), ledger, 60_000, mode1);
  const bob = keyring.addFromUri('//Bob');
  const restaked = find(await submit(api, api.tx.restaking.restake(bob.address, 600n * UNIT),
    ledger, 60_000, mode1), 'restaking', 'Restaked');
  assert.ok(restaked, 'Restaked event');
  assert.equal(restaked.data.restaker.toString(), ledger.address);
  assert.equal(restaked.data.operator.toString(), bob.address);
  assert.equal(restaked.data.amount.toBigInt(), 600n * UNIT);
});

test('a transaction signed over another digest is rejected before inclusion', { timeout: 60_000 }, async () => {
  const alice = keyring.addFromUri('//Alice');
  const dest = keyring.addFromUri('//E2eWrongDigest');
  const wrong = Uint8Array.from(digest);
  wrong[0] ^= 1;
  const before = (await api.query.system.account(alice.address)).nonce.toNumber();
  await assert.rejects(
    submit(api, api.tx.balances.transferKeepAlive(dest.address, UNIT), alice, 30_000,
      { mode: 1, metadataHash: hex(wrong) }),
    /bad signature/i,
  );
  assert.equal((await api.query.system.account(dest.address)).data.free.toBigInt(), 0n);
  assert.equal((await api.query.system.account(alice.address)).nonce.toNumber(), before,
    'nothing of Alice was used');
});

test('mode 0, the default of polkadot.js apps, still works', { timeout: 60_000 }, async () => {
  const alice = keyring.addFromUri('//Alice');
  const dest = keyring.addFromUri('//E2eModeZero');
  const tx = api.tx.balances.transferKeepAlive(dest.address, 3n * UNIT);
  const events = await submit(api, tx, alice);
  assert.equal(tx.mode.toNumber(), 0);
  assert.ok(find(events, 'balances', 'Transfer'), 'Transfer event');
  assert.equal((await api.query.system.account(dest.address)).data.free.toBigInt(), 3n * UNIT);
});
