// The node: the connection (with the states the page shows) and one consistent read of
// everything the dashboard draws, taken at one block.
import { ApiPromise, WsProvider } from '@polkadot/api';
import { createTestPairs } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';

/**
 * The most operators, restakers shown (each costs runtime calls on every block): the first in
 * storage order, the page says when there are more.
 */
export const LIMIT = 64;
/** How long a first connection may take before the page says the node cannot be reached. */
const UNREACHABLE_AFTER_MS = 3_000;
/** How often the provider tries again. */
const RETRY_MS = 2_000;

/**
 * Connects @polkadot/api to `url`, retrying for ever. `onState(state, detail)` hears
 * `connecting`, `unreachable` (no connection yet), `connected`, `lost` (was connected).
 */
export async function connect(url, onState) {
  onState('connecting');
  let provider;
  try {
    provider = new WsProvider(url, RETRY_MS);
  } catch (error) {
    onState('unreachable', `${error.message ?? error}`);
    throw error;
  }
  let connected = false;
  let everConnected = false;
  const down = () => onState(everConnected ? 'lost' : 'unreachable');
  const timer = setTimeout(() => connected || down(), UNREACHABLE_AFTER_MS);
  provider.on('connected', () => {
    connected = true;
    everConnected = true;
    clearTimeout(timer);
    onState('connected');
  });
  provider.on('disconnected', () => {
    connected = false;
    down();
  });
  provider.on('error', () => connected || down());
  return ApiPromise.create({ provider, noInitWarn: true });
}

/**
 * Names of the development accounts (`Alice`, `Alice//stash`, …) by address, on a chain whose
 * accounts are the well-known dev keys; empty elsewhere.
 */
export async function devNames(api) {
  const chain = (await api.rpc.system.chainType()).toString();
  const names = new Map();
  if (chain !== 'Development' && chain !== 'Local') return names;
  await cryptoWaitReady();
  const pairs = createTestPairs({ type: 'sr25519' });
  for (const [key, pair] of Object.entries(pairs)) {
    if (!/^[a-z]+(_stash)?$/.test(key)) continue;
    const name = key.charAt(0).toUpperCase() + key.slice(1).replace('_stash', '//stash');
    names.set(api.createType('AccountId32', pair.publicKey).toString(), name);
  }
  return names;
}

const optional = (fn) => (fn ? fn() : Promise.resolve(null));

/**
 * Everything the page draws, read at block `number` (its `hash`): networks, shared stake,
 * operators and restakers, and the market, index pool, cover and validation where the runtime
 * has them.
 */
export async function snapshot(api, hash, number) {
  const at = await api.at(hash);
  const call = at.call;
  // One page more than shown, to know whether the list was cut.
  const page = { args: [], pageSize: LIMIT + 1 };
  const [networks, overlap, operatorKeys, restakerKeys, market, indexPool] = await Promise.all([
    call.securityApi.networks(),
    call.securityApi.stakeOverlap(),
    at.query.restaking.operators.keysPaged(page),
    at.query.restaking.restakers.keysPaged(page),
    optional(call.marketApi && (() => call.marketApi.market())),
    optional(call.indexPoolApi && (() => call.indexPoolApi.indexPool())),
  ]);
  const operators = operatorKeys.slice(0, LIMIT).map((key) => key.args[0].toString()).sort();
  const restakers = restakerKeys.slice(0, LIMIT).map((key) => key.args[0].toString()).sort();
  const ids = networks.map((n) => n.network.toNumber());
  const [exposures, positions, operatorPools, networkPools, checkpoints] = await Promise.all([
    Promise.all(operators.map((op) => call.securityApi.operatorExposure(op))),
    Promise.all(restakers.map((r) => call.securityApi.restakerPosition(r))),
    Promise.all(operators.map((op) => optional(call.coverApi && (() => call.coverApi.pool({ Operator: op }))))),
    Promise.all(ids.map((id) => optional(call.coverApi && (() => call.coverApi.pool({ Network: id }))))),
    // Checkpoints only of the networks validated by them (the rest have none to read).
    Promise.all(ids.map((id) => optional(call.checkpointApi && (async () => {
      if ((await call.checkpointApi.params(id)).isNone) return { validated: false };
      const [latest, open, disputes] = await Promise.all([
        call.checkpointApi.latestFinal(id),
        call.checkpointApi.openCheckpoints(id),
        call.checkpointApi.disputes(id),
      ]);
      return { validated: true, latest, open, disputes };
    })))),
  ]);
  return {
    block: number,
    hash: hash.toString(),
    networks,
    overlap,
    operators: operators
      .map((address, i) => ({ address, exposure: exposures[i].unwrapOr(null), pool: operatorPools[i] }))
      .filter((o) => o.exposure),
    restakers: restakers
      .map((address, i) => ({ address, position: positions[i].unwrapOr(null) }))
      .filter((r) => r.position),
    moreOperators: operatorKeys.length > LIMIT,
    moreRestakers: restakerKeys.length > LIMIT,
    market,
    indexPool,
    networkPools: ids.map((id, i) => ({ network: id, pool: networkPools[i] })),
    checkpoints: ids.map((id, i) => ({ network: id, ...(checkpoints[i] ?? {}) })),
  };
}
