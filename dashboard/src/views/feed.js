// The live feed of SSP events, newest first, told in words.
import { html, render } from '../html.js';
import { describe, fromRecord } from '../events.js';

/** Events kept on the page. */
export const FEED_LENGTH = 100;

export function createFeed(element, ctx) {
  const items = [];
  const draw = () => render(element, items.length
    ? html`<ol class="feed">${items.map((i) => html`<li class="kind-${i.kind}" data-kind="${i.kind}" data-event="${i.key}">
        <span class="block">${typeof i.block === 'number' ? `#${i.block}` : ''}</span> ${i.text}</li>`)}</ol>`
    : html`<p class="muted">No SSP event since the page opened.</p>`);
  draw();
  return {
    /** Adds the SSP events of block `block` (polkadot.js event records). */
    add(block, records) {
      let added = false;
      for (const { event } of records) {
        const plain = fromRecord(event);
        if (!plain) continue;
        const { kind, text } = describe(plain, ctx);
        items.unshift({ block, kind, text, key: `${plain.section}.${plain.method}` });
        added = true;
      }
      items.length = Math.min(items.length, FEED_LENGTH);
      if (added) draw();
    },

    /** A line of the page's own (events it could not fetch). */
    note(text) {
      items.unshift({ block: '—', kind: 'note', text, key: 'note' });
      draw();
    },
  };
}
