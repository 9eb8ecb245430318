// Starts a built ssp-node on free loopback ports and connects @polkadot/api to it.
// The node is stopped by its PID; every wait is bounded in time.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync } from 'node:fs';
import { ApiPromise, WsProvider } from '@polkadot/api';

/** A port on 127.0.0.1 that is free right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Resolves `fn()` once it stops throwing, or rejects after `timeoutMs`. */
async function retry(fn, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      return await fn();
    } catch (e) {
      last = e;
      await sleep(500);
    }
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}: ${last}`);
}

/**
 * Starts `ssp-node` (`--dev --tmp` unless `dev: false`) with the given extra arguments, listening
 * for peers on `p2pPort` and for RPC on `rpcPort` (free ones if not given), and returns
 * `{ api, child, rpcPort, p2pPort, logs, stop }`; `stop(signal)` resolves with the exit.
 */
export async function startNode(
  extraArgs = [],
  { startTimeoutMs = 120_000, dev = true, p2pPort: fixedP2pPort, rpcPort: fixedRpcPort } = {},
) {
  const bin = process.env.SSP_NODE;
  if (!bin || !existsSync(bin)) {
    throw new Error(`SSP_NODE must point at a built ssp-node binary (got ${bin})`);
  }
  const rpcPort = fixedRpcPort ?? (await freePort());
  const p2pPort = fixedP2pPort ?? (await freePort());
  const args = [
    ...(dev ? ['--dev', '--tmp'] : []),
    '--rpc-port', String(rpcPort),
    '--listen-addr', `/ip4/127.0.0.1/tcp/${p2pPort}`,
    '--no-prometheus', '--no-telemetry', '--no-mdns',
    ...extraArgs,
  ];
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const logs = [];
  const keep = (chunk) => {
    logs.push(chunk.toString());
    if (logs.length > 400) logs.shift();
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));

  // Stops the node with `signal` (Ctrl-C by default), killing it after 15 s; resolves with how
  // it exited, `{ code, signal }`.
  const stop = async (signal = 'SIGINT') => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill(signal);
      const done = await Promise.race([exited, sleep(15_000).then(() => null)]);
      if (!done) child.kill('SIGKILL');
    }
    return exited;
  };

  let api;
  try {
    api = await retry(async () => {
      if (child.exitCode !== null) {
        throw new Error(`ssp-node exited with ${child.exitCode}:\n${logs.join('')}`);
      }
      const provider = new WsProvider(`ws://127.0.0.1:${rpcPort}`, false);
      await provider.connect();
      try {
        return await ApiPromise.create({ provider, throwOnConnect: true, noInitWarn: true });
      } catch (e) {
        await provider.disconnect();
        throw e;
      }
    }, startTimeoutMs, `ssp-node RPC on 127.0.0.1:${rpcPort}`);
  } catch (e) {
    await stop();
    throw e;
  }

  return {
    api,
    child,
    rpcPort,
    p2pPort,
    logs,
    stop: async (signal) => {
      await api.disconnect().catch(() => {});
      return stop(signal);
    },
  };
}

/** Waits until the chain's best block number reaches `target`. */
export async function waitForBlock(api, target, timeoutMs) {
  return retry(async () => {
    const header = await api.rpc.chain.getHeader();
    const n = header.number.toNumber();
    if (n < target) throw new Error(`at block ${n}`);
    return n;
  }, timeoutMs, `block ${target}`);
}

/** Resolves `cond()` once it returns a truthy value, polling each 500 ms. */
export async function waitFor(cond, timeoutMs, what) {
  return retry(async () => {
    const v = await cond();
    if (!v) throw new Error('not yet');
    return v;
  }, timeoutMs, what);
}

/**
 * Signs and submits `tx` (with @polkadot/api's `signOptions`, e.g. `{ mode: 1, metadataHash }`),
 * resolving with the events of its block once it is included.
 * Rejects with the decoded module error when the extrinsic fails.
 */
export function submit(api, tx, signer, timeoutMs = 60_000, signOptions = {}) {
  return new Promise((resolve, reject) => {
    let unsub = () => {};
    const timer = setTimeout(() => {
      unsub();
      reject(new Error(`extrinsic ${tx.method.section}.${tx.method.method} not included in ${timeoutMs} ms`));
    }, timeoutMs);
    tx.signAndSend(signer, signOptions, ({ status, events, dispatchError }) => {
      if (!status.isInBlock && !status.isFinalized) return;
      clearTimeout(timer);
      unsub();
      if (dispatchError) {
        if (dispatchError.isModule) {
          const { section, name } = api.registry.findMetaError(dispatchError.asModule);
          reject(new Error(`${section}.${name}`));
        } else {
          reject(new Error(dispatchError.toString()));
        }
        return;
      }
      resolve(events.map(({ event }) => event));
    }).then((u) => { unsub = u; }, (e) => { clearTimeout(timer); reject(e); });
  });
}
