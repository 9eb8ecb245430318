// SSP events told in words. `describe` takes an event as plain fields (what `fromRecord` reads
// off a polkadot.js event record) so that it can be tested without a chain.
import { formatBalance, formatFixed, formatPerbill, shortAddress, statusWords, toBig } from './format.js';

/** The pallets whose events the feed shows (their names in the runtime). */
export const SSP_SECTIONS = ['leasing', 'restaking', 'slashing', 'operatorKeys', 'checkpoints', 'indexPool', 'cover'];
/** Events of the parent chain's own pallets that reach restaked stake. */
export const PARENT_EVENTS = ['offences.Offence', 'staking.Slashed'];

/** Feed categories, for colour: offences, vetoes, slashes, security changes, the rest. */
const KINDS = {
  'slashing.OffenceReported': 'offence',
  'operatorKeys.EquivocationReported': 'offence',
  'checkpoints.Challenged': 'offence',
  'checkpoints.AttesterReported': 'offence',
  'slashing.SlashCancelled': 'veto',
  'slashing.SlashApplied': 'slash',
  'slashing.SlashFailed': 'slash',
  'slashing.OperatorJailed': 'slash',
  'restaking.OperatorSlashed': 'slash',
  'restaking.RestakerSlashed': 'slash',
  'restaking.SlashPropagated': 'slash',
  'leasing.SecurityChanged': 'security',
  'leasing.NetworkUnderSecured': 'security',
  'leasing.NetworkSecured': 'security',
  'leasing.StatusChanged': 'security',
  'leasing.PfcUpdated': 'security',
  'offences.Offence': 'offence',
  'staking.Slashed': 'slash',
  'restaking.BackingReduced': 'security',
};

const utf8 = new TextDecoder();

/** Bytes (a codec, hex or an array) as text, for vetoes' reasons; trailing zeros dropped. */
function text(bytes) {
  if (bytes && typeof bytes.toU8a === 'function') return utf8.decode(bytes.toU8a(true)).replace(/\0+$/, '');
  if (typeof bytes === 'string' && bytes.startsWith('0x')) {
    const pairs = bytes.slice(2).match(/../g) ?? [];
    return utf8.decode(Uint8Array.from(pairs.map((b) => parseInt(b, 16))));
  }
  return String(bytes);
}

/** A `bool` codec or a boolean as a boolean. */
function truthy(flag) {
  return typeof flag === 'boolean' ? flag : Boolean(flag?.isTrue ?? flag?.valueOf());
}

/** A value of the type `typeName` in words, for events without a sentence of their own. */
function value(raw, typeName, ctx) {
  const option = /^Option<(.+)>$/.exec(typeName);
  if (option) {
    if (raw === null || raw === undefined || raw.isNone) return 'none';
    return value(raw.isSome ? raw.unwrap() : raw, option[1], ctx);
  }
  // Lists and fixed-size arrays (but bytes: `[u8; 32]` is a hash, told below).
  const list = /^(?:alloc::vec::)?Vec<(.+)>$/.exec(typeName)
    ?? /^BoundedVec<(?!u8,)(.+),\s*[^,]+>$/.exec(typeName)
    ?? /^\[(?!u8;)(.+);\s*\w+\]$/.exec(typeName);
  if (list && (Array.isArray(raw) || typeof raw?.map === 'function')) {
    return `[${[...raw].map((item) => value(item, list[1], ctx)).join(', ')}]`;
  }
  if (/AccountId/.test(typeName)) return ctx.name(raw);
  if (/DispatchError/.test(typeName)) return ctx.error(raw);
  if (/Balance|StakeOf/.test(typeName)) return ctx.balance(raw);
  if (/Perbill/.test(typeName)) return formatPerbill(raw);
  if (/FixedU128/.test(typeName)) return formatFixed(raw, 4);
  const json = typeof raw?.toJSON === 'function' ? raw.toJSON() : raw;
  // Hashes and roots: enough of them to tell two apart.
  if (typeof json === 'string' && /^0x[0-9a-f]{20,}$/i.test(json)) return `${json.slice(0, 8)}…${json.slice(-4)}`;
  return typeof json === 'object' ? JSON.stringify(json, (_, v) => (typeof v === 'bigint' ? v.toString() : v)) : String(json);
}

/** `OffenceReported` → `Offence reported`. */
function words(method) {
  const spaced = method.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

const SENTENCES = {
  'slashing.OffenceReported': (a, c) =>
    `Offence reported on network ${a.network}: ${c.name(a.operator)} faces a ${formatPerbill(a.fraction)} slash (#${a.id}), applied at block ${a.applyAt} unless vetoed`,
  'slashing.SlashCancelled': (a) => `Slash #${a.id} vetoed: ${text(a.reason)}`,
  'slashing.SlashQueued': (a, c) =>
    `Slash #${a.id} on network ${a.network} queued: ${c.balance(a.slashedInWindow)} slashed in the window, allowance ${c.balance(a.allowance)}`,
  'slashing.SlashApplied': (a, c) =>
    `Slash #${a.id} applied: ${c.name(a.operator)} lost ${c.balance(a.amount)} (${formatPerbill(a.fraction)}) for an offence on network ${a.network}; ${a.networksAffected} network(s) affected`,
  'slashing.SlashFailed': (a, c) => `Slash #${a.id} failed: ${c.error(a.error)}`,
  'slashing.OperatorJailed': (a, c) => `${c.name(a.operator)} jailed on network ${a.network} until block ${a.cooldownUntil}`,
  'slashing.OperatorUnjailed': (a, c) => `${c.name(a.operator)} unjailed on network ${a.network}`,
  'restaking.OperatorSlashed': (a, c) =>
    `${c.name(a.operator)} slashed ${c.balance(a.amount)} (${formatPerbill(a.fraction)}) on network ${a.network}`,
  'restaking.BackingReduced': (a, c) =>
    `${c.name(a.operator)}'s stake on network ${a.network} fell from ${c.balance(a.old)} to ${c.balance(a.new)}`,
  'restaking.SlashPropagated': (a, c) => `The slash of ${c.name(a.operator)} reached all its networks`,
  'restaking.Restaked': (a, c) => `${c.name(a.restaker)} restaked ${c.balance(a.amount)} with ${c.name(a.operator)}`,
  'restaking.OptedIn': (a, c) => `${c.name(a.operator)} opted into network ${a.network}`,
  'restaking.AllocationScheduled': (a, c) =>
    `${c.name(a.operator)} allocates ${formatPerbill(a.magnitude)} of its stake to network ${a.network} from block ${a.effectiveAt}`,
  'leasing.SecurityChanged': (a, c) =>
    `Network ${a.network} security: CoC ${c.balance(a.oldCoc)} → ${c.balance(a.newCoc)}, ratio ${formatFixed(a.ratio)} (${truthy(a.meetsTarget) ? 'meets' : 'below'} target)`,
  'leasing.NetworkUnderSecured': (a) =>
    `Network ${a.network} fell under its target: ratio ${formatFixed(a.ratio)} < ${formatFixed(a.target)}`,
  'leasing.NetworkSecured': (a) =>
    `Network ${a.network} is secured again: ratio ${formatFixed(a.ratio)} ≥ ${formatFixed(a.target)}`,
  'leasing.StatusChanged': (a) => `Network ${a.network} is now ${statusWords(a.status)}`,
  'leasing.LeaseFunded': (a, c) =>
    `Network ${a.network} leased ${c.balance(a.security)} of security for periods ${a.firstPeriod}–${a.lastPeriod} at ${formatFixed(a.price, 4)}`,
  'leasing.LeasePaid': (a, c) => `Network ${a.network} paid its backers ${c.balance(a.paid)}`,
  'operatorKeys.ValidatorSetUpdated': (a) =>
    `Network ${a.network}'s validator set for epoch ${a.epoch}: ${a.validators} validator(s)`,
  'operatorKeys.EquivocationReported': (a, c) =>
    `${c.name(a.reporter)} reported ${c.name(a.operator)} for equivocating on network ${a.network} (epoch ${a.epoch}, round ${a.round})`,
  'checkpoints.CheckpointFinalized': (a) => `Network ${a.network}'s checkpoint of round ${a.round} is final`,
  'checkpoints.Challenged': (a, c) =>
    `${c.name(a.challenger)} challenged network ${a.network}'s checkpoint of round ${a.round} (bond ${c.balance(a.bond)})`,
  'checkpoints.DisputeConcluded': (a) => `The dispute of network ${a.network}'s round ${a.round} concluded`,
  'leasing.PfcUpdated': (a, c) =>
    `Network ${a.network}'s Profit from Corruption changed from ${c.balance(a.old)} to ${c.balance(a.new)}`,
  'offences.Offence': (a) => `The parent chain recorded a ${text(a.kind)} offence`,
  'staking.Slashed': (a, c) => `${c.name(a.staker)}'s bonded stake was slashed ${c.balance(a.amount)} on the parent chain`,
  'cover.CoverBought': (a, c) =>
    `${c.name(a.restaker)} bought ${c.balance(a.amount)} of cover on ${c.name(a.operator)} for ${c.balance(a.premium)}`,
  'cover.CoverTriggered': (a, c) =>
    `Slash #${a.slash} of ${c.name(a.operator)} reserved ${c.balance(a.reserved)} of cover`,
  'cover.CoverSettled': (a, c) => `${c.name(a.restaker)}'s cover paid ${c.balance(a.paid)}`,
  'cover.SwapTriggered': (a, c) =>
    `Swap #${a.id} triggered: ${c.balance(a.toBuyer)} to ${c.name(a.buyer)}`,
};

/**
 * An event in words: `{ kind, text }`. `event` is `{ section, method, args, types }` with `args`
 * keyed by camelCase field name and `types` the fields' type names; `ctx` names accounts and
 * formats balances (`{ name(address), balance(plancks) }`).
 */
export function describe(event, ctx) {
  const key = `${event.section}.${event.method}`;
  const kind = KINDS[key] ?? 'other';
  try {
    const sentence = SENTENCES[key];
    if (sentence) return { kind, text: sentence(event.args, ctx) };
    const fields = Object.entries(event.args)
      .map(([name, raw]) => `${name} ${value(raw, event.types[name] ?? '', ctx)}`)
      .join(', ');
    return { kind, text: `${words(event.method)}${fields ? `: ${fields}` : ''}` };
  } catch {
    // A shape this page does not know (a newer runtime): the event is still shown, raw.
    const raw = Object.fromEntries(Object.entries(event.args)
      .map(([name, v]) => [name, typeof v?.toJSON === 'function' ? v.toJSON() : v]));
    return { kind, text: `${words(event.method)}: ${JSON.stringify(raw, (_, v) => (typeof v === 'bigint' ? v.toString() : v))}` };
  }
}

/** `{ section, method, args, types }` of a polkadot.js event, or null if the feed leaves it out. */
export function fromRecord(event) {
  if (!SSP_SECTIONS.includes(event.section) && !PARENT_EVENTS.includes(`${event.section}.${event.method}`)) return null;
  const args = {};
  const types = {};
  event.meta.fields.forEach((field, i) => {
    const name = field.name.isSome ? field.name.unwrap().toString() : `field${i}`;
    const camel = name.replace(/_([a-z])/g, (_, ch) => ch.toUpperCase());
    args[camel] = event.data[i];
    types[camel] = field.typeName.isSome ? field.typeName.unwrap().toString() : '';
  });
  return { section: event.section, method: event.method, args, types };
}

/**
 * A context naming accounts with `names` (address → name), balances in the chain's token, and
 * dispatch errors by their pallet and name when `registry` (the api's) is given.
 */
export function context(names, token = { decimals: 12, token: 'SSP' }, registry = null) {
  return {
    name: (address) => names.get(String(address)) ?? shortAddress(address),
    balance: (plancks) => formatBalance(toBig(plancks), token),
    /** `pallet.Error`, with its documentation when `docs`. */
    error: (error, { docs = false } = {}) => {
      if (registry && error?.isModule) {
        const meta = registry.findMetaError(error.asModule);
        const text = docs ? (meta.docs ?? []).join(' ') : '';
        return `${meta.section}.${meta.name}${text ? `: ${text}` : ''}`;
      }
      return String(error);
    },
  };
}
