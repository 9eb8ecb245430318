import { test } from 'node:test';
import assert from 'node:assert/strict';
import { margin, slashTarget } from '../src/views/simulator.js';

const ONE = 10n ** 18n;

test('a choice of the simulator becomes the SlashTarget the runtime API takes', () => {
  assert.deepEqual(slashTarget('operator:5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty:2'),
    { Operator: { operator: '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty', network: 2 } });
  assert.deepEqual(slashTarget('network:1'), { Network: 1 });
});

test('how far a ratio lands from its target is signed: under is negative', () => {
  assert.equal(margin(988_372_092_034_883_720n, ONE), '−0.01');
  assert.equal(margin(1_699_999_998_300_000_000n, ONE), '+0.69');
  assert.equal(margin(ONE, ONE), '+0');
});
