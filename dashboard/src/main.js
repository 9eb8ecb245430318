// The dashboard: connects to the node named by `?rpc=` (by default the one given to the build
// as VITE_SSP_RPC, else the dev chain's ws://127.0.0.1:9944), reads everything at each new best
// block and redraws; SSP events go to the feed, block by block in order.
import './style.css';
import { connect, devNames, snapshot } from './chain.js';
import { context } from './events.js';
import { statusWords } from './format.js';
import { createFeed } from './views/feed.js';
import { renderGraph } from './views/graph.js';
import { renderCover, renderIndexPool, renderMarket, renderValidation } from './views/market.js';
import { remember, renderNetworks } from './views/networks.js';
import { renderOperators } from './views/operators.js';
import { createSimulator } from './views/simulator.js';

const url = new URLSearchParams(window.location.search).get('rpc')
  ?? (import.meta.env.VITE_SSP_RPC || 'ws://127.0.0.1:9944');
/** Blocks of events fetched to fill a gap in the feed (after a reconnection, say). */
const FEED_GAP = 20;
const $ = (id) => document.getElementById(id);
let latest = null;

const MESSAGES = {
  connecting: () => `Connecting to ${url}…`,
  connected: () => `Connected to ${url}`,
  unreachable: (detail) => `Cannot reach the node at ${url}${detail ? ` (${detail})` : ''}. Start a dev chain with `
    + 'scripts/dev-chain.sh, or open this page with ?rpc=ws://host:port. Trying again every 2 s.',
  lost: () => `Lost the connection to ${url}; trying again every 2 s. The figures shown are from block #${latest?.block ?? '?'}.`,
  error: (detail) => `Connected to ${url}, but reading the chain failed: ${detail}`,
};

function showState(state, detail) {
  document.body.dataset.connection = state;
  $('connection').textContent = MESSAGES[state](detail);
  $('unreachable-url').textContent = url;
}

async function main() {
  $('node-url').textContent = url;
  const api = await connect(url, showState);
  const [chain, names] = await Promise.all([api.rpc.system.chain(), devNames(api)]);
  $('chain').textContent = chain.toString();
  if (!api.call.securityApi) {
    showState('error', 'its runtime has no securityApi (is it an SSP node?)');
    return;
  }
  const ctx = {
    ...context(names, { decimals: api.registry.chainDecimals[0], token: api.registry.chainTokens[0] }, api.registry),
    status: statusWords,
  };
  const history = new Map();
  let cascade = null;
  const drawGraph = () => latest && renderGraph($('graph'), latest.networks, latest.overlap, ctx, cascade);
  const simulator = createSimulator($('simulator'), {
    api,
    ctx,
    latest: () => latest,
    onCascade: (next) => {
      cascade = next;
      drawGraph();
    },
  });
  const feed = createFeed($('feed'), ctx);

  function draw() {
    if (latest.indexPool && !names.has(latest.indexPool.operator.toString())) {
      names.set(latest.indexPool.operator.toString(), 'Index pool');
    }
    remember(history, latest.networks);
    $('block').textContent = `#${latest.block}`;
    document.body.dataset.block = String(latest.block);
    renderNetworks($('networks'), latest, history, ctx);
    drawGraph();
    simulator.update(latest);
    renderOperators($('operators'), latest, ctx);
    renderMarket($('market'), latest, ctx);
    renderIndexPool($('index-pool'), latest, ctx);
    renderCover($('cover'), latest, ctx);
    renderValidation($('validation'), latest, ctx);
  }

  // One read at a time: blocks arriving during a read are coalesced into the newest.
  let reading = false;
  let queued = null;
  async function refresh(hash) {
    if (reading) {
      queued = hash;
      return;
    }
    reading = true;
    try {
      latest = await snapshot(api, hash);
      draw();
      if (document.body.dataset.connection === 'error') showState('connected');
    } catch (error) {
      console.error('reading the chain failed', error);
      if (document.body.dataset.connection === 'connected') showState('error', error.message ?? String(error));
    } finally {
      reading = false;
      if (queued) {
        const next = queued;
        queued = null;
        refresh(next);
      }
    }
  }

  // The feed takes blocks one after the other, filling short gaps (blocks sealed while the
  // connection was down, or between two best-block notices) and saying when it cannot.
  let fed = null;
  let feeding = Promise.resolve();
  const feedBlock = (header) => {
    feeding = feeding.then(async () => {
      const number = header.number.toNumber();
      if (fed !== null && number <= fed) return; // a re-organisation: its events were shown
      let from = fed === null ? number : fed + 1;
      if (number - from > FEED_GAP) {
        feed.note(`Events of blocks #${from}–#${number - FEED_GAP - 1} are not shown.`);
        from = number - FEED_GAP;
      }
      // `fed` moves block by block: a failed fetch is retried from there, nothing is shown twice.
      for (let n = from; n < number; n += 1) {
        feed.add(n, await api.query.system.events.at(await api.rpc.chain.getBlockHash(n)));
        fed = n;
      }
      feed.add(number, await api.query.system.events.at(header.hash));
      fed = number;
    }).catch((error) => console.error('reading events failed', error));
  };

  await api.rpc.chain.subscribeNewHeads((header) => {
    refresh(header.hash);
    feedBlock(header);
  });
}

main().catch((error) => {
  console.error(error);
  if (document.body.dataset.connection !== 'unreachable') showState('unreachable', error.message ?? String(error));
});
