// Networks: status, allocated stake, CoC, PfC, the security ratio against its target (coloured,
// with its trend over the last blocks), the lease, its yield and the operators.
import { html, render } from '../html.js';
import { extent, formatFixed, formatPerbill, securityLevel, share, toBig, trend } from '../format.js';

/** Blocks of ratios kept for each network's trend and sparkline. */
export const TREND_WINDOW = 30;

/** A small line of `samples` (bigints) scaled to their own range. */
export function sparkline(samples, width = 80, height = 18) {
  if (samples.length < 2) return html`<svg class="spark" width="${width}" height="${height}"></svg>`;
  const values = samples.map(toBig);
  const { min, max } = extent(values);
  const span = max - min || 1n;
  const points = values.map((v, i) => {
    const x = (i * width) / (values.length - 1);
    const y = height - 2 - (height - 4) * share(v - min, span);
    return `${x.toFixed(1)},${y.toFixed(1)}`;
  });
  return html`<svg class="spark" width="${width}" height="${height}"><polyline points="${points.join(' ')}"/></svg>`;
}

const ARROWS = { up: '▲', down: '▼', flat: '–' };

/** Records this snapshot's ratios into `history` (network → recent ratios). */
export function remember(history, networks) {
  for (const n of networks) {
    const id = n.network.toNumber();
    const samples = history.get(id) ?? [];
    samples.push(n.security.ratio.toBigInt());
    if (samples.length > TREND_WINDOW) samples.shift();
    history.set(id, samples);
  }
}

export function renderNetworks(element, snap, history, ctx) {
  const rows = snap.networks.map((n) => {
    const id = n.network.toNumber();
    const s = n.security;
    const level = securityLevel(s.ratio, n.target);
    const samples = history.get(id) ?? [];
    const direction = trend(samples);
    const lease = n.leaseEnd.isSome
      ? html`${ctx.balance(n.rewardPerPeriod)} a period<br><small>until #${n.leaseEnd.unwrap().toString()}</small>`
      : html`<span class="muted">none</span>`;
    return html`<tr data-network="${id}" data-ratio="${s.ratio.toBigInt()}" data-allocated="${s.allocated.toBigInt()}"
        data-coc="${s.coc.toBigInt()}" data-pfc="${s.pfc.toBigInt()}" data-meets="${s.meetsTarget.isTrue}" data-level="${level}">
      <td><b>#${id}</b><br><small>${ctx.name(n.manager)}</small></td>
      <td><span class="status status-${n.status.type}">${ctx.status(n.status)}</span></td>
      <td>${ctx.balance(s.allocated)}</td>
      <td>${ctx.balance(s.coc)}</td>
      <td>${ctx.balance(s.pfc)}</td>
      <td class="ratio level-${level}"><span class="ratio-value">${formatFixed(s.ratio)}</span>
        <span class="trend trend-${direction}" title="over the last ${samples.length} readings">${ARROWS[direction]}</span>
        ${sparkline(samples)}</td>
      <td>${formatFixed(n.target)}</td>
      <td>${lease}</td>
      <td>${formatPerbill(n.yieldPerPeriod, 3)}</td>
      <td>${n.operators.toNumber()}</td>
    </tr>`;
  });
  render(element, html`<table>
    <thead><tr><th>Network</th><th>Status</th><th>Allocated stake</th><th>CoC</th><th>PfC</th>
      <th>Security ratio</th><th>Target</th><th>Lease</th><th>Yield a period</th><th>Operators</th></tr></thead>
    <tbody>${rows}</tbody></table>`);
}
