import { test } from 'node:test';
import assert from 'node:assert/strict';
import { follower } from '../src/follow.js';

// A chain of blocks `hash(n)` whose events are `[n]`; `failing` holds blocks whose reads fail.
const hash = (n, branch = 'a') => `0x${branch}${n}`;
function setup({ failing = new Set(), gap = 20, tries = 3 } = {}) {
  const shown = [];
  const feed = { add: (n, records) => shown.push(`${n}:${records.join(',')}`), note: (text) => shown.push(`note ${text}`) };
  const eventsAt = async (h) => {
    if (failing.has(h)) throw new Error(`cannot read ${h}`);
    return [h];
  };
  const follow = follower({ eventsAt, hashOf: async (n) => hash(n), feed, gap, tries });
  const head = (n, branch = 'a', parent = 'a') => follow({ number: n, hash: hash(n, branch), parentHash: hash(n - 1, parent) });
  return { shown, head };
}

test('blocks are shown once each, in order, a short gap filled', async () => {
  const { shown, head } = setup();
  await head(5);
  await head(6);
  await head(6); // the same block announced again (a resubscription)
  await head(9);
  assert.deepEqual(shown, ['5:0xa5', '6:0xa6', '7:0xa7', '8:0xa8', '9:0xa9']);
});

test('a long gap is said once and its last blocks filled', async () => {
  const { shown, head } = setup({ gap: 3 });
  await head(1);
  await head(10);
  assert.deepEqual(shown, ['1:0xa1', 'note Events of blocks #2–#6 are not shown.', '7:0xa7', '8:0xa8', '9:0xa9', '10:0xa10']);
});

test('a block on another branch, or a restarted chain, is noted and shown', async () => {
  const { shown, head } = setup();
  await head(4);
  await head(5, 'b', 'b'); // its parent is not the block shown at 4
  await head(2, 'c', 'c'); // the chain went back
  assert.equal(shown.length, 5);
  assert.match(shown[1], /^note The chain changed branch or restarted at block #5/);
  assert.equal(shown[2], '5:0xb5');
  assert.match(shown[3], /^note The chain changed branch or restarted at block #2/);
  assert.equal(shown[4], '2:0xc2');
});

test('a block that cannot be read is retried, then skipped with a note, never shown twice', async () => {
  const failing = new Set([hash(3)]);
  const { shown, head } = setup({ failing, tries: 3 });
  await head(2);
  await head(3); // fails
  await head(4); // 3 fails again
  assert.deepEqual(shown, ['2:0xa2']);
  await head(5); // third failure: skipped
  assert.deepEqual(shown, ['2:0xa2', 'note The events of block #3 could not be read.', '4:0xa4', '5:0xa5']);
  failing.clear();
  await head(6);
  assert.deepEqual(shown.slice(-1), ['6:0xa6']);
});
