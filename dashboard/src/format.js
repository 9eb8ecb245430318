// Numbers as the chain keeps them (balances in plancks, `FixedU128` and `Perbill` as integers)
// turned into what a person reads. Pure functions: the browser test and the unit tests compute
// expected text with them from the runtime API's raw values.

/** `Perbill` parts in one whole. */
export const PERBILL = 1_000_000_000n;
/** `FixedU128` units in one. */
export const FIXED = 10n ** 18n;
/** How far above its target a network must be before the dashboard stops calling it thin. */
export const THIN_MARGIN = 110n; // percent of the target

/** A bigint from whatever the API hands over: a codec, a number, a string or a bigint. */
export function toBig(value) {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return BigInt(value);
  if (value && typeof value.toBigInt === 'function') return value.toBigInt();
  return BigInt(value.toString());
}

/** The smallest and largest of bigints (codecs too): `{ min, max }`, both 0 for none. */
export function extent(values) {
  const all = values.map(toBig);
  if (all.length === 0) return { min: 0n, max: 0n };
  return all.reduce(({ min, max }, v) => ({ min: v < min ? v : min, max: v > max ? v : max }),
    { min: all[0], max: all[0] });
}

/** `part / whole` of two bigints as a number in [0, 1] (to 1/10,000; 0 when `whole` is 0). */
export function share(part, whole) {
  return whole > 0n ? Number((toBig(part) * 10_000n) / whole) / 10_000 : 0;
}

/** `1234567` → `1,234,567`. */
function group(integer) {
  return integer.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * `units / 10^decimals` with at most `digits` decimals, rounded down, trailing zeros dropped:
 * `decimal(1_500n, 3)` → `1.5`.
 */
export function decimal(units, decimals, digits = 2) {
  const scale = 10n ** BigInt(decimals);
  const value = toBig(units);
  const sign = value < 0n ? '-' : '';
  const abs = value < 0n ? -value : value;
  const whole = abs / scale;
  const cut = 10n ** BigInt(Math.max(decimals - digits, 0));
  const kept = (abs % scale) / cut;
  let fraction = digits > 0 && decimals > 0
    ? kept.toString().padStart(Math.min(digits, decimals), '0').replace(/0+$/, '')
    : '';
  return `${sign}${group(whole)}${fraction ? `.${fraction}` : ''}`;
}

/** A balance in the chain's token: `formatBalance(54_000n * 10n ** 12n)` → `54,000 SSP`. */
export function formatBalance(plancks, { decimals = 12, token = 'SSP', digits = 2 } = {}) {
  return `${decimal(plancks, decimals, digits)} ${token}`;
}

/** A `FixedU128` as a decimal: `formatFixed(1_950_000_000_000_000_000n)` → `1.95`. */
export function formatFixed(fixed, digits = 2) {
  return decimal(fixed, 18, digits);
}

/** A `Perbill` as a percentage: `formatPerbill(444_444_444n)` → `44.44%`. */
export function formatPerbill(parts, digits = 2) {
  return `${decimal(toBig(parts) * 100n, 9, digits)}%`;
}

/** A percentage typed by a person (`"12.5"`) as `Perbill` parts, or null if it is not one. */
export function percentToPerbill(text) {
  const match = /^\s*(\d{1,3})(?:\.(\d{1,7}))?\s*$/.exec(String(text));
  if (!match) return null;
  const parts = BigInt(match[1]) * 10_000_000n + BigInt((match[2] ?? '').padEnd(7, '0'));
  return parts <= PERBILL ? parts : null;
}

/** `5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY` → `5Grwva…KutQY`. */
export function shortAddress(address) {
  const text = String(address);
  return text.length > 14 ? `${text.slice(0, 6)}…${text.slice(-5)}` : text;
}

/**
 * How a network stands against its target: `under` below it, `thin` within 10% above it,
 * `secure` beyond. Ratio and target are `FixedU128`.
 */
export function securityLevel(ratio, target) {
  const r = toBig(ratio);
  const t = toBig(target);
  if (r < t) return 'under';
  if (r * 100n < t * THIN_MARGIN) return 'thin';
  return 'secure';
}

/**
 * Where a series of samples is heading: `up`, `down` or `flat`, comparing the last sample to
 * the first of the window.
 */
export function trend(samples) {
  if (samples.length < 2) return 'flat';
  const first = toBig(samples[0]);
  const last = toBig(samples[samples.length - 1]);
  if (last > first) return 'up';
  if (last < first) return 'down';
  return 'flat';
}

/** The words for a network's status (`{ offboarding: { until } }` included). */
export function statusWords(status) {
  const json = typeof status?.toJSON === 'function' ? status.toJSON() : status;
  const [kind, value] = typeof json === 'string' ? [json, null] : Object.entries(json ?? {})[0] ?? ['unknown', null];
  const name = kind.charAt(0).toLowerCase() + kind.slice(1);
  switch (name) {
    case 'registered': return 'registered';
    case 'active': return 'active';
    case 'underSecured': return 'under-secured';
    case 'offboarding': return `offboarding until #${value?.until ?? '?'}`;
    default: return name;
  }
}
