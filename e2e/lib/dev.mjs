// A dev chain for a test file: the node (300 ms blocks), its api and RPC port, the dev keys by
// name (`//Alice` as `alice`, `//Alice//stash` as `alice_stash`) and every event seen since it
// started.
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { startNode } from './node.mjs';

export async function devChain(names) {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const k = Object.fromEntries(names
    .map((n) => [n.toLowerCase().replace('//', '_'), keyring.addFromUri(`//${n}`)]));
  const node = await startNode(['--consensus', 'manual-seal-300']);
  const seen = [];
  const unsubscribe = await node.api.query.system.events((records) => {
    for (const { event } of records) seen.push(event);
  });
  return {
    api: node.api,
    rpcPort: node.rpcPort,
    k,
    seen,
    stop: async () => {
      unsubscribe();
      await node.stop();
    },
  };
}
