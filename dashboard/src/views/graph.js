// The shared-stake graph: networks as nodes (sized by allocated stake, coloured by security),
// stake counted by two networks at once as edges (width by amount). A simulated slash marks
// the networks it changes and those it would take under their target.
import { html, render } from '../html.js';
import { extent, formatFixed, securityLevel, share, toBig } from '../format.js';

const WIDTH = 460;
const HEIGHT = 340;
const RING = 120;

/** Positions of `count` nodes on a circle, the first at the top. */
export function layout(count) {
  return Array.from({ length: count }, (_, i) => {
    const angle = (2 * Math.PI * i) / Math.max(count, 1) - Math.PI / 2;
    return count === 1
      ? { x: WIDTH / 2, y: HEIGHT / 2 }
      : { x: WIDTH / 2 + RING * Math.cos(angle), y: HEIGHT / 2 + RING * Math.sin(angle) };
  });
}

/**
 * Draws `networks` and `overlap` (runtime API values). `cascade`, if given, maps a network id
 * to `{ after, falls }` from a simulated slash.
 */
export function renderGraph(element, networks, overlap, ctx, cascade = null) {
  const at = new Map();
  const points = layout(networks.length);
  const biggest = extent(networks.map((n) => n.security.allocated)).max;
  const widest = extent(overlap.map((o) => o.shared)).max;
  networks.forEach((n, i) => at.set(n.network.toNumber(), points[i]));

  const edges = overlap.map((o) => {
    const a = at.get(o.a.toNumber());
    const b = at.get(o.b.toNumber());
    if (!a || !b) return '';
    const width = 2 + 12 * share(o.shared, widest);
    return html`<g class="edge" data-a="${o.a.toNumber()}" data-b="${o.b.toNumber()}" data-shared="${toBig(o.shared)}">
      <line x1="${a.x}" y1="${a.y}" x2="${b.x}" y2="${b.y}" stroke-width="${width.toFixed(1)}"/>
      <text x="${(a.x + b.x) / 2}" y="${(a.y + b.y) / 2 - 6}">${ctx.balance(o.shared)}</text>
      <title>${o.operators.toNumber()} operator(s) share ${ctx.balance(o.shared)} between #${o.a.toNumber()} and #${o.b.toNumber()}</title>
    </g>`;
  });

  const nodes = networks.map((n) => {
    const id = n.network.toNumber();
    const p = at.get(id);
    const level = securityLevel(n.security.ratio, n.target);
    const hit = cascade?.get(id);
    const radius = 18 + 16 * Math.sqrt(share(n.security.allocated, biggest));
    const classes = ['node', `level-${level}`, hit ? 'hit' : '', hit?.falls ? 'falls' : ''].join(' ');
    return html`<g class="${classes}" data-network="${id}">
      <circle cx="${p.x}" cy="${p.y}" r="${radius.toFixed(1)}"/>
      <text class="label" x="${p.x}" y="${p.y - 2}">#${id}</text>
      <text class="ratio" x="${p.x}" y="${p.y + 12}">${formatFixed(n.security.ratio)}</text>
      ${hit ? html`<text class="after" x="${p.x}" y="${p.y + radius + 14}">→ ${formatFixed(hit.after)}</text>` : ''}
    </g>`;
  });

  render(element, html`<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img"
      aria-label="Networks and the stake they share">${edges}${nodes}</svg>
    <p class="legend"><span class="swatch level-secure"></span>secure <span class="swatch level-thin"></span>within 10% of target
      <span class="swatch level-under"></span>under target <span class="swatch falls"></span>falls under in the simulation</p>`);
}
