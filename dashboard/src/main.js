// The dashboard: connects to the node named by `?rpc=` (by default the one given to the build
// as VITE_SSP_RPC, else the dev chain's ws://127.0.0.1:9944), reads everything at each new best
// block and redraws; SSP events go to the feed, block by block in order.
import './style.css';
import { connect, devNames, snapshot } from './chain.js';
import { follower } from './follow.js';
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
const $ = (id) => document.getElementById(id);
let latest = null;
// Set when the node answers but cannot be read (not an SSP runtime): reconnecting does not clear it.
let fatal = null;

const MESSAGES = {
  connecting: () => `Connecting to ${url}…`,
  connected: () => `Connected to ${url}`,
  unreachable: (detail) => `Cannot reach the node at ${url}${detail ? ` (${detail})` : ''}. Start a dev chain with `
    + 'scripts/dev-chain.sh, or open this page with ?rpc=ws://host:port. Trying again every 2 s.',
  lost: () => `Lost the connection to ${url}; trying again every 2 s. The figures shown are from block #${latest?.block ?? '?'}.`,
  error: (detail) => `Connected to ${url}, but reading the chain failed: ${detail}`,
};

function showState(given, reason) {
  const [state, detail] = fatal && given === 'connected' ? ['error', fatal] : [given, reason];
  document.body.dataset.connection = state;
  $('connection').textContent = MESSAGES[state](detail);
}

async function main() {
  $('node-url').textContent = url;
  $('unreachable-url').textContent = url;
  const api = await connect(url, showState);
  const [chain, names] = await Promise.all([api.rpc.system.chain(), devNames(api)]);
  $('chain').textContent = chain.toString();
  if (!api.call.securityApi) {
    fatal = 'its runtime has no securityApi (is it an SSP node?)';
    showState('error', fatal);
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
  async function refresh(header) {
    if (reading) {
      queued = header;
      return;
    }
    reading = true;
    try {
      latest = await snapshot(api, header.hash, header.number.toNumber());
      draw();
      if (document.body.dataset.connection === 'error') showState('connected');
    } catch (error) {
      // A read cut by a lost connection is the connection's state, not an error of its own.
      if (document.body.dataset.connection === 'connected') {
        console.error('reading the chain failed', error);
        showState('error', error.message ?? String(error));
      }
    } finally {
      reading = false;
      if (queued) {
        const next = queued;
        queued = null;
        refresh(next);
      }
    }
  }

  const follow = follower({
    eventsAt: (hash) => api.query.system.events.at(hash),
    hashOf: async (number) => (await api.rpc.chain.getBlockHash(number)).toHex(),
    feed,
    onError: (error) => document.body.dataset.connection === 'connected' && console.error('reading events failed', error),
  });

  await api.rpc.chain.subscribeNewHeads((header) => {
    refresh(header);
    follow({ number: header.number.toNumber(), hash: header.hash.toHex(), parentHash: header.parentHash.toHex() });
  });
}

// A start cut short (the connection dropped while the page was reading metadata, say) starts
// again from a fresh page.
main().catch((error) => {
  console.error('starting failed', error);
  showState('unreachable', error.message ?? String(error));
  setTimeout(() => window.location.reload(), 5_000);
});
