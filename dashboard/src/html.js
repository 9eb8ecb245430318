// A tagged template that escapes what it interpolates, so chain data (a network's metadata,
// a veto's reason) cannot inject markup. Nested `html` results and arrays of them pass as is.

class Safe {
  constructor(text) {
    this.text = text;
  }

  toString() {
    return this.text;
  }
}

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** `text` with the characters that mean something in HTML escaped. */
export function escape(text) {
  return String(text).replace(/[&<>"']/g, (ch) => ESCAPES[ch]);
}

function piece(value) {
  if (value instanceof Safe) return value.text;
  if (Array.isArray(value)) return value.map(piece).join('');
  if (value === null || value === undefined) return '';
  return escape(value);
}

/**
 * Markup with every interpolated value escaped (but nested `html`). `null` and `undefined` give
 * nothing; booleans give `true`/`false` (attributes carry them).
 */
export function html(strings, ...values) {
  return new Safe(strings.reduce((out, s, i) => out + s + (i < values.length ? piece(values[i]) : ''), ''));
}

/** Replaces `element`'s content with `markup`. */
export function render(element, markup) {
  element.innerHTML = piece(markup);
}
