#!/usr/bin/env node
// ssp-operator: an operator's key for one child network, from the command line.
//
//   node e2e/operator/cli.mjs register --network 0 --operator //Bob --key //Bob//ssp/0
//   node e2e/operator/cli.mjs sign --network 0 --operator //Bob --key //Bob//ssp/0 \
//       --rounds 3 [--equivocate-at 1]                  # signed statements, one JSON per line
//   node e2e/operator/cli.mjs watch --network 0 --reporter //Charlie < statements.jsonl
//   node e2e/operator/cli.mjs set --network 0 [--epoch N]   # the validator set, state-proven
//   node e2e/operator/cli.mjs attest --network 0 --operator //Bob --key //Bob//ssp/0 \
//       [--seconds 60] [--lie-from R]          # checkpoint duty: attest each round drawn into
//   node e2e/operator/cli.mjs vote --network 0 --operator //Bob --key //Bob//ssp/0 \
//       --round R --valid true|false           # vote in the dispute over checkpoint R
//
// Options: --ws (default ws://127.0.0.1:9944), --scheme sr25519|ed25519 (default sr25519).
// `sign` signs, for each round, a payload standing for the network's block of that round;
// `watch` reads signed statements (from any node of the network) on stdin and proves each
// equivocation it finds on the parent chain with the reporter's account. `attest` attests, for
// every round the operator is drawn into, a claim standing for the network's state at that
// checkpoint (a false one from round `--lie-from` on: for demonstrations), and prints each.
import { createInterface } from 'node:readline';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { hexToU8a, stringToU8a, u8aToHex } from '@polkadot/util';
import { blake2AsU8a, cryptoWaitReady } from '@polkadot/util-crypto';
import {
  CheckpointAttester, EquivocationWatcher, OperatorClient, readValidatorSet, reportEquivocationTx,
} from './client.mjs';
import { submit } from '../lib/node.mjs';

/** Submits `tx` signed by `signer`; resolves with its events as `section.method`. */
const send = async (api, tx, signer) =>
  (await submit(api, tx, signer)).map((event) => `${event.section}.${event.method}`);

function parse(argv) {
  const [command, ...rest] = argv;
  const opts = { ws: 'ws://127.0.0.1:9944', scheme: 'sr25519', rounds: '1', equivocateAt: '' };
  for (let i = 0; i < rest.length; i += 2) {
    const name = rest[i].replace(/^--/, '').replace(/-(\w)/g, (_, c) => c.toUpperCase());
    opts[name] = rest[i + 1];
  }
  return { command, opts };
}

const hexed = (signed) => JSON.stringify(signed, (_, v) => (v instanceof Uint8Array ? u8aToHex(v) : v));
const unhexed = (line) => JSON.parse(line, (_, v) => (typeof v === 'string' && v.startsWith('0x') ? hexToU8a(v) : v));

async function main() {
  const { command, opts } = parse(process.argv.slice(2));
  await cryptoWaitReady();
  const api = await ApiPromise.create({ provider: new WsProvider(opts.ws), noInitWarn: true });
  try {
    const network = Number(opts.network);
    const accounts = new Keyring({ type: 'sr25519', ss58Format: 42 });
    const keys = new Keyring({ type: opts.scheme, ss58Format: 42 });
    const client = () => new OperatorClient({
      api,
      network,
      operator: accounts.addFromUri(opts.operator),
      key: keys.addFromUri(opts.key),
      equivocateAt: opts.equivocateAt ? opts.equivocateAt.split(',') : [],
    });
    switch (command) {
      case 'register': {
        const c = client();
        console.log((await send(api, c.registerTx(), c.operator)).join('\n'));
        break;
      }
      case 'sign': {
        const c = client();
        const epoch = await c.currentEpoch();
        if (epoch === null) throw new Error(`network ${network} has no validator set yet`);
        for (let round = 0; round < Number(opts.rounds); round++) {
          const payload = blake2AsU8a(stringToU8a(`network ${network} epoch ${epoch} round ${round}`), 256);
          for (const signed of c.signRound(epoch, round, payload)) console.log(hexed(signed));
        }
        break;
      }
      case 'watch': {
        const reporter = accounts.addFromUri(opts.reporter);
        const watcher = new EquivocationWatcher();
        for await (const line of createInterface({ input: process.stdin })) {
          if (!line.trim()) continue;
          const proof = watcher.observe(unhexed(line));
          if (!proof) continue;
          const events = await send(api, reportEquivocationTx(api, network, proof), reporter);
          console.log(`equivocation proven: ${events.join(', ')}`);
        }
        break;
      }
      case 'set': {
        const validation = (await api.call.validatorSetApi.validation(network)).unwrap();
        const epoch = opts.epoch ?? validation.currentEpoch.unwrap().toNumber();
        const read = await readValidatorSet(api, network, epoch);
        if (!read) throw new Error(`no set for epoch ${epoch}`);
        console.log(JSON.stringify({
          network, epoch, setRoot: u8aToHex(read.setRoot), stateRoot: u8aToHex(read.stateRoot),
          set: read.set.toHuman(),
        }, null, 2));
        break;
      }
      case 'attest': {
        const c = client();
        const lieFrom = opts.lieFrom === undefined ? Infinity : Number(opts.lieFrom);
        const claimFor = (round) => blake2AsU8a(stringToU8a(
          round >= lieFrom ? `forged state of network ${network} at ${round}` : `state of network ${network} at ${round}`,
        ), 256);
        const attester = new CheckpointAttester({
          client: c,
          submit: async (tx, signer) => {
            const events = await send(api, tx, signer);
            console.log(`attested: ${events.join(', ')}`);
            return events;
          },
          claimFor,
        });
        const stop = await attester.start();
        await new Promise((resolve) => setTimeout(resolve, Number(opts.seconds ?? 60) * 1000));
        stop();
        await attester.queue;
        for (const error of attester.errors) console.log(`refused: ${error}`);
        break;
      }
      case 'vote': {
        const c = client();
        const round = Number(opts.round);
        const dispute = (await api.call.checkpointApi.disputes(network))
          .find((d) => d.round.toNumber() === round);
        if (!dispute) throw new Error(`no dispute over checkpoint ${round} of network ${network}`);
        const tx = c.voteTx(round, dispute.epoch.toNumber(), dispute.claim, opts.valid === 'true');
        console.log((await send(api, tx, c.operator)).join('\n'));
        break;
      }
      default:
        throw new Error(`unknown command ${command}: register, sign, watch, set, attest or vote`);
    }
  } finally {
    await api.disconnect();
  }
}

main().catch((e) => {
  console.error(`ssp-operator: ${e.message}`);
  process.exit(1);
});
