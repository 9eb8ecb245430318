import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  extent, share, formatBalance, formatFixed, formatPerbill, percentToPerbill, securityLevel, shortAddress, statusWords, trend,
} from '../src/format.js';
import { html } from '../src/html.js';

const UNIT = 10n ** 12n;
const ONE = 10n ** 18n;

test('balances read in tokens, grouped, rounded down to two decimals', () => {
  assert.equal(formatBalance(54_000n * UNIT), '54,000 SSP');
  assert.equal(formatBalance(8_999_999_995_500_000n), '8,999.99 SSP');
  assert.equal(formatBalance(1_500_000_000n), '0 SSP');
  assert.equal(formatBalance(UNIT / 2n), '0.5 SSP');
  assert.equal(formatBalance(1_234n * UNIT, { decimals: 12, token: 'DOT', digits: 0 }), '1,234 DOT');
});

test('fixed-point ratios and perbill shares read as decimals and percentages', () => {
  assert.equal(formatFixed(1_950_000_000_000_000_000n), '1.95');
  assert.equal(formatFixed(ONE), '1');
  assert.equal(formatFixed(1_048_888_888_000_000_000n), '1.04');
  assert.equal(formatFixed(3_542_857_142_857_142n, 4), '0.0035');
  assert.equal(formatPerbill(444_444_444n), '44.44%');
  assert.equal(formatPerbill(1_500_000_000n, 0), '150%');
  assert.equal(formatPerbill(1_851_851n, 3), '0.185%');
});

test('a typed percentage becomes perbill parts, and anything else is refused', () => {
  assert.equal(percentToPerbill('20'), 200_000_000n);
  assert.equal(percentToPerbill(' 12.5 '), 125_000_000n);
  assert.equal(percentToPerbill('0.0000001'), 1n);
  assert.equal(percentToPerbill('100'), 1_000_000_000n);
  for (const bad of ['101', '-1', 'abc', '', '1e3', '0.00000001']) assert.equal(percentToPerbill(bad), null, bad);
});

test('a network is under below its target, thin within 10% above it, secure beyond', () => {
  assert.equal(securityLevel(ONE - 1n, ONE), 'under');
  assert.equal(securityLevel(ONE, ONE), 'thin');
  assert.equal(securityLevel((ONE * 109n) / 100n, ONE), 'thin');
  assert.equal(securityLevel((ONE * 110n) / 100n, ONE), 'secure');
  assert.equal(securityLevel(2n * ONE, 2n * ONE), 'thin');
});

test('the trend compares the newest sample with the oldest of the window', () => {
  assert.equal(trend([]), 'flat');
  assert.equal(trend([5n]), 'flat');
  assert.equal(trend([5n, 9n, 6n]), 'up');
  assert.equal(trend([5n, 1n, 4n]), 'down');
  assert.equal(trend([5n, 9n, 5n]), 'flat');
});

test('statuses, addresses and markup read safely', () => {
  assert.equal(statusWords({ underSecured: null }), 'under-secured');
  assert.equal(statusWords({ offboarding: { until: 70 } }), 'offboarding until #70');
  assert.equal(statusWords('Active'), 'active');
  assert.equal(shortAddress('5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY'), '5Grwva…KutQY');
  assert.equal(String(html`<b>${'<img onerror="x">'}</b>${[html`<i>${'&'}</i>`]}`),
    '<b>&lt;img onerror=&quot;x&quot;&gt;</b><i>&amp;</i>');
});

test('extents and shares of bigints scale the charts and the graph', () => {
  assert.deepEqual(extent([5n, 9n, 1n, 7n]), { min: 1n, max: 9n });
  assert.deepEqual(extent([]), { min: 0n, max: 0n });
  assert.equal(share(24_000n, 54_000n), 0.4444);
  assert.equal(share(3n, 3n), 1);
  assert.equal(share(5n, 0n), 0);
});
