// Feeds the event feed block by block from best-block notices: in order, short gaps filled, and
// a long gap, a re-organisation or a restarted chain said in a note. A block whose events cannot
// be read is tried again at the next notices, then skipped with a note: the feed never stalls and
// never shows a block twice.

/** Blocks of events fetched to fill a gap (after a reconnection, say). */
export const FEED_GAP = 20;
/** Reads of one block's events before it is skipped. */
export const TRIES = 3;

/**
 * A function to call with each best-block notice `{ number, hash, parentHash }` (hashes as hex).
 * `eventsAt(hash)` reads a block's events, `hashOf(number)` a block's hash, `feed` takes
 * `add(number, records)` and `note(text)`; `onError` hears failed reads.
 */
export function follower({ eventsAt, hashOf, feed, gap = FEED_GAP, tries = TRIES, onError = () => {} }) {
  let fed = null; // the last block shown (or skipped)
  let fedHash = null; // its hash, when known
  let failures = 0;
  let queue = Promise.resolve();

  const moveTo = (number, hash) => {
    fed = number;
    fedHash = hash;
    failures = 0;
  };

  // One block: shown, or after `tries` failed reads skipped with a note.
  async function take(number, hashFn) {
    let hash;
    let records;
    try {
      hash = await hashFn();
      records = await eventsAt(hash);
    } catch (error) {
      failures += 1;
      if (failures < tries) throw error;
      onError(error);
      feed.note(`The events of block #${number} could not be read.`);
      moveTo(number, null);
      return;
    }
    feed.add(number, records);
    moveTo(number, hash);
  }

  async function step({ number, hash, parentHash }) {
    if (fed !== null && number === fed && hash === fedHash) return; // the same block again
    if (fed !== null && (number <= fed || (number === fed + 1 && fedHash !== null && parentHash !== fedHash))) {
      feed.note(`The chain changed branch or restarted at block #${number}: events above may be of blocks no longer in it.`);
      moveTo(number - 1, parentHash);
    }
    let from = fed === null ? number : fed + 1;
    if (number - from > gap) {
      feed.note(`Events of blocks #${from}–#${number - gap - 1} are not shown.`);
      moveTo(number - gap - 1, null);
      from = number - gap;
    }
    for (let n = from; n < number; n += 1) await take(n, () => hashOf(n));
    await take(number, async () => hash);
  }

  return (header) => {
    queue = queue.then(() => step(header)).catch(onError);
    return queue;
  };
}
