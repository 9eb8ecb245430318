// The live feed of SSP events, newest first, told in words.
import { html, render } from '../html.js';
import { describe, fromRecord } from '../events.js';

/** Events kept on the page. */
export const FEED_LENGTH = 100;

export function createFeed(element, ctx) {
  const items = [];
  const draw = () => render(element, items.length
    ? html`<ol class="feed">${items.map((i) => html`<li class="kind-${i.kind}" data-kind="${i.kind}" data-event="${i.key}">
        <span class="block">${i.block === null ? '' : `#${i.block}`}</span> ${i.text}</li>`)}</ol>`
    : html`<p class="muted">No SSP event since the page opened.</p>`);
  draw();
  return {
    /** Adds the SSP events of block `block` (polkadot.js event records). */
    add(block, records) {
      // The whole block first, then onto the page: a block is shown entirely or not at all.
      const told = [];
      for (const { event } of records) {
        const plain = fromRecord(event);
        if (!plain) continue;
        const { kind, text } = describe(plain, ctx);
        told.push({ block, kind, text, key: `${plain.section}.${plain.method}` });
      }
      if (told.length === 0) return;
      items.unshift(...told.reverse());
      items.length = Math.min(items.length, FEED_LENGTH);
      draw();
    },

    /** A line of the page's own (events it could not fetch). */
    note(text) {
      items.unshift({ block: null, kind: 'note', text, key: 'note' });
      draw();
    },
  };
}
