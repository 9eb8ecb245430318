// The SSP operator client: what a child network's node needs to be secured by restaked stake.
//
// - `OperatorClient`: holds an operator's key for one network, proves possession of it to the
//   parent chain (`operatorKeys.registerKey`), and signs the statements of each round (and, told
//   to, equivocates: for tests).
// - `EquivocationWatcher`: what every node of the network runs over the statements it sees;
//   two statements of one key for one round with different payloads make an
//   `EquivocationProof` that anyone submits with `operatorKeys.reportEquivocation`.
// - `readValidatorSet`: a network's validator set of an epoch, read with a state proof and
//   checked against the parent chain's state root (`verifyReadProof`, a Substrate trie proof
//   verifier), so a child chain or a relayer can trust it without trusting the RPC node.
//
// The signed bytes are those of `ssp_primitives::keys` (docs/architecture.md, "Keys and signed
// statements"): SCALE, domain-separated by a 16-byte context tag and the parent's genesis hash.
import {
  bnToU8a, compactFromU8a, hexToU8a, stringToU8a, u8aConcat, u8aEq, u8aToHex,
} from '@polkadot/util';
import { blake2AsU8a, decodeAddress } from '@polkadot/util-crypto';

/** The tag of a proof of possession. */
export const POSSESSION_CONTEXT = stringToU8a('SSP/possession/1');
/** The tag of a statement. */
export const STATEMENT_CONTEXT = stringToU8a('SSP/statement/v1');
/** The tag hashed into a dispute vote's payload (`ssp_primitives::committee::VOTE_CONTEXT`). */
export const VOTE_CONTEXT = u8aConcat(stringToU8a('SSP/dispute/v1'), new Uint8Array(2));
/** The flag of a vote's round: a vote and an attestation of one checkpoint are two rounds. */
export const VOTE_ROUND_FLAG = 1n << 63n;
/** The flag of an attestation's round: never a round of the child network's own statements. */
export const ATTESTATION_ROUND_FLAG = 1n << 62n;

const le = (n, bitLength) => bnToU8a(BigInt(n), { bitLength, isLe: true });
const bytes32 = (x) => {
  const u = typeof x === 'string' ? hexToU8a(x) : Uint8Array.from(x);
  if (u.length !== 32) throw new Error(`expected 32 bytes, got ${u.length}`);
  return u;
};

/** What a key signs to prove `operator` (an SS58 address) holds it for `network`. */
export function possessionMessage(genesis, network, operator) {
  return u8aConcat(POSSESSION_CONTEXT, bytes32(genesis), le(network, 32), decodeAddress(operator));
}

/** What a key signs for `statement` = `{ network, epoch, round, payload }`. */
export function statementMessage(genesis, { network, epoch, round, payload }) {
  return u8aConcat(
    STATEMENT_CONTEXT, bytes32(genesis), le(network, 32), le(epoch, 64), le(round, 64),
    bytes32(payload),
  );
}

/** What a committee member signs to attest `claim` as checkpoint `round` (`committee::attestation`). */
export function attestationStatement(network, epoch, round, claim) {
  const r = (BigInt(round) & ~VOTE_ROUND_FLAG) | ATTESTATION_ROUND_FLAG;
  return { network, epoch, round: r, payload: bytes32(claim) };
}

/** What a voter signs to vote `valid` in the dispute over checkpoint `round` (`committee::vote`). */
export function voteStatement(network, epoch, round, claim, valid) {
  const payload = blake2AsU8a(
    u8aConcat(VOTE_CONTEXT, bytes32(claim), new Uint8Array([valid ? 1 : 0])), 256);
  return { network, epoch, round: (BigInt(round) & ~ATTESTATION_ROUND_FLAG) | VOTE_ROUND_FLAG, payload };
}

/** The scheme of a keyring pair, as the chain's `KeyScheme` and `NetworkKey` name it. */
const schemeOf = (pair) => {
  if (pair.type === 'sr25519') return 'Sr25519';
  if (pair.type === 'ed25519') return 'Ed25519';
  throw new Error(`networks declare sr25519 or ed25519 keys, not ${pair.type}`);
};

/** An operator's key for one network, and the statements it signs. */
export class OperatorClient {
  /**
   * @param api        a connected @polkadot/api ApiPromise of the parent chain
   * @param network    the network id
   * @param operator   the operator's account (a keyring pair: signs its extrinsics)
   * @param key        the operator's key for the network (an sr25519 or ed25519 keyring pair)
   * @param equivocateAt rounds at which to sign a second, conflicting statement (tests only)
   */
  constructor({ api, network, operator, key, equivocateAt = [] }) {
    Object.assign(this, { api, network, operator, key });
    this.equivocateAt = new Set(equivocateAt.map(Number));
    this.genesis = api.genesisHash.toU8a();
  }

  /** The key as the chain's `NetworkKey`. */
  get networkKey() {
    return { [schemeOf(this.key)]: this.key.publicKey };
  }

  /** The key's signature of `message`, as a `MultiSignature`. */
  signature(message) {
    return { [schemeOf(this.key)]: this.key.sign(message) };
  }

  /** The proof of possession of the key for the operator and network. */
  possessionProof() {
    return this.signature(possessionMessage(this.genesis, this.network, this.operator.address));
  }

  /** The extrinsic registering the key (sign it with the operator's account). */
  registerTx() {
    return this.api.tx.operatorKeys.registerKey(this.network, this.networkKey, this.possessionProof());
  }

  /** The extrinsic rotating to this client's key (sign it with the operator's account). */
  rotateTx() {
    return this.api.tx.operatorKeys.rotateKey(this.network, this.networkKey, this.possessionProof());
  }

  /** The extrinsic attesting `claim` as checkpoint `round`, the round's committee drawn from `epoch`. */
  attestTx(round, epoch, claim) {
    const statement = attestationStatement(this.network, epoch, round, claim);
    return this.api.tx.checkpoints.attest(
      this.network, round, bytes32(claim), this.signature(statementMessage(this.genesis, statement)));
  }

  /** The extrinsic voting `valid` in the dispute over checkpoint `round` (voters' set of `epoch`). */
  voteTx(round, epoch, claim, valid) {
    const statement = voteStatement(this.network, epoch, round, claim, valid);
    return this.api.tx.checkpoints.vote(
      this.network, round, valid, this.signature(statementMessage(this.genesis, statement)));
  }

  /** The network's current epoch (the index of its latest validator set), or null. */
  async currentEpoch() {
    const validation = await this.api.call.validatorSetApi.validation(this.network);
    if (validation.isNone) return null;
    const current = validation.unwrap().currentEpoch;
    return current.isSome ? current.unwrap().toNumber() : null;
  }

  /**
   * Signs `payload` for `round` of `epoch`: one signed statement, or two with different
   * payloads when the client is told to equivocate at that round.
   */
  signRound(epoch, round, payload) {
    const one = (p) => {
      const statement = { network: this.network, epoch, round, payload: bytes32(p) };
      return {
        key: this.networkKey,
        statement,
        signature: this.signature(statementMessage(this.genesis, statement)),
      };
    };
    const signed = [one(payload)];
    if (this.equivocateAt.has(Number(round))) {
      const other = bytes32(payload).map((b) => b ^ 0xff);
      signed.push(one(other));
    }
    return signed;
  }
}

/**
 * Watches the statements a node sees: the first statement of each key for a round is kept; a
 * second one with another payload makes an `EquivocationProof`.
 */
export class EquivocationWatcher {
  constructor() {
    this.seen = new Map();
  }

  /** Observe one signed statement; returns an `EquivocationProof` when it is a conflict. */
  observe({ key, statement, signature }) {
    const { network, epoch, round, payload } = statement;
    const id = `${JSON.stringify(Object.entries(key).map(([s, k]) => [s, u8aToHex(k)]))}/${network}/${epoch}/${round}`;
    const first = this.seen.get(id);
    if (!first) {
      this.seen.set(id, { statement, signature });
      return null;
    }
    if (u8aEq(first.statement.payload, payload)) return null;
    return {
      key,
      first: first.statement,
      firstSignature: first.signature,
      second: statement,
      secondSignature: signature,
    };
  }
}

/** The extrinsic proving `proof` on `network` (anyone may sign it; the signer is rewarded). */
export function reportEquivocationTx(api, network, proof) {
  return api.tx.operatorKeys.reportEquivocation(network, proof);
}

// --- Reading a validator set with a state proof ------------------------------------------

/** The nibbles of a byte array, high nibble first. */
const nibbles = (u8a) => Array.from(u8a).flatMap((b) => [b >> 4, b & 0x0f]);

/**
 * Decodes one node of a Substrate trie (sp-trie's `NodeCodec`, layout V0 and V1): returns
 * `{ partial, value, valueHash, children }` (children: 16 entries, each null, a 32-byte hash or
 * an inline encoded node).
 */
function decodeNode(node) {
  let at = 0;
  const first = node[at++];
  let kind;
  let sizeBits;
  if (first === 0) return null; // the empty trie
  if (first >> 6 === 0b01) [kind, sizeBits] = ['leaf', 6];
  else if (first >> 6 === 0b10) [kind, sizeBits] = ['branch', 6];
  else if (first >> 6 === 0b11) [kind, sizeBits] = ['branchWithValue', 6];
  else if (first >> 5 === 0b001) [kind, sizeBits] = ['hashedLeaf', 5];
  else if (first >> 4 === 0b0001) [kind, sizeBits] = ['hashedBranch', 4];
  else throw new Error(`unknown trie node header ${first}`);
  const mask = (1 << sizeBits) - 1;
  let count = first & mask;
  if (count === mask) {
    for (;;) {
      const b = node[at++];
      count += b;
      if (b < 255) break;
    }
  }
  const partialBytes = node.slice(at, at + Math.ceil(count / 2));
  at += partialBytes.length;
  const partial = nibbles(partialBytes).slice(count % 2);
  const readValue = (hashed) => {
    if (hashed) {
      const h = node.slice(at, at + 32);
      at += 32;
      return { valueHash: h };
    }
    const [offset, len] = compactFromU8a(node.subarray(at));
    at += offset;
    const value = node.slice(at, at + len.toNumber());
    at += value.length;
    return { value };
  };
  if (kind === 'leaf' || kind === 'hashedLeaf') {
    return { partial, children: null, ...readValue(kind === 'hashedLeaf') };
  }
  const bitmap = node[at] | (node[at + 1] << 8);
  at += 2;
  const value = kind === 'branch' ? {} : readValue(kind === 'hashedBranch');
  const children = [];
  for (let i = 0; i < 16; i++) {
    if (!(bitmap & (1 << i))) {
      children.push(null);
      continue;
    }
    const [offset, len] = compactFromU8a(node.subarray(at));
    at += offset;
    children.push(node.slice(at, at + len.toNumber()));
    at += len.toNumber();
  }
  return { partial, children, ...value };
}

/**
 * Verifies a storage read proof (`state_getReadProof`'s `proof`, a list of encoded trie nodes)
 * against `stateRoot` and returns the value stored at `key` (a Uint8Array), or null if the
 * proof shows it absent. Throws if the proof does not lead from the root to the key.
 */
export function verifyReadProof(stateRoot, proof, key) {
  const nodes = new Map();
  for (const node of proof) {
    const bytes = typeof node === 'string' ? hexToU8a(node) : node.toU8a(true);
    nodes.set(u8aToHex(blake2AsU8a(bytes, 256)), bytes);
  }
  const lookup = (hash) => {
    const node = nodes.get(u8aToHex(hash));
    if (!node) throw new Error(`the proof lacks node ${u8aToHex(hash)}`);
    return node;
  };
  const path = nibbles(typeof key === 'string' ? hexToU8a(key) : key);
  let encoded = lookup(typeof stateRoot === 'string' ? hexToU8a(stateRoot) : stateRoot);
  let at = 0;
  for (;;) {
    const node = decodeNode(encoded);
    if (!node) return null;
    const { partial } = node;
    if (path.slice(at, at + partial.length).some((n, i) => n !== partial[i])) return null;
    at += partial.length;
    if (at === path.length) {
      if (node.value) return node.value;
      if (node.valueHash) return lookup(node.valueHash);
      return null;
    }
    if (!node.children) return null;
    const child = node.children[path[at]];
    at += 1;
    if (!child) return null;
    encoded = child.length === 32 ? lookup(child) : child;
  }
}

/**
 * `network`'s validator set of `epoch` at block `blockHash` (the latest block if not given),
 * read with a state proof from the node and verified against that block's state root.
 * Returns `{ set, setRoot, stateRoot, key }`: the decoded `ValidatorSet`, `blake2_256` of its
 * SCALE-encoded validators (as in `ValidatorSetUpdated`), and what was checked.
 */
export async function readValidatorSet(api, network, epoch, blockHash) {
  const at = blockHash ?? (await api.rpc.chain.getBlockHash());
  const key = api.query.operatorKeys.validatorSets.key(network, epoch);
  const [{ proof }, header] = await Promise.all([
    api.rpc.state.getReadProof([key], at),
    api.rpc.chain.getHeader(at),
  ]);
  const stateRoot = header.stateRoot.toU8a();
  const value = verifyReadProof(stateRoot, proof, key);
  if (!value) return null;
  const type = api.query.operatorKeys.validatorSets.creator.meta.type.asMap.value;
  const set = api.registry.createType(api.registry.lookup.getTypeDef(type).type, value);
  const setRoot = blake2AsU8a(set.validators.toU8a(), 256);
  return { set, setRoot, stateRoot, key };
}

/**
 * A child network node's checkpoint duty: whenever the parent chain draws the operator into a
 * round's committee (`checkpoints.RoundOpened`), it attests `claimFor(round)` with the operator's
 * key. `claimFor` is the child network's state commitment at that checkpoint (an honest node);
 * a test may make it lie. Attestations go out one at a time (one account, one nonce sequence).
 */
export class CheckpointAttester {
  constructor({ client, submit, claimFor }) {
    Object.assign(this, { client, submit, claimFor });
    this.attested = [];
    this.errors = [];
    this.queue = Promise.resolve();
  }

  /** Submits `tx` signed by the operator after the attestations before it (one nonce sequence). */
  send(tx) {
    const sent = this.queue.then(() => this.submit(tx, this.client.operator));
    this.queue = sent.catch(() => {});
    return sent;
  }

  /** Starts watching the chain's events; resolves with the function that stops it. */
  async start() {
    const { api, network, operator } = this.client;
    return api.query.system.events((records) => {
      for (const { event } of records) {
        if (event.section !== 'checkpoints' || event.method !== 'RoundOpened') continue;
        const { network: n, round, epoch, committee } = event.data;
        if (n.toNumber() !== network) continue;
        if (!committee.some((m) => m.toString() === operator.address)) continue;
        const r = round.toNumber();
        const claim = this.claimFor(r);
        this.queue = this.queue
          .then(() => this.submit(this.client.attestTx(r, epoch.toNumber(), claim), operator))
          .then(() => this.attested.push({ round: r, claim }))
          .catch((e) => this.errors.push(`${r}: ${e.message}`));
      }
    });
  }
}
