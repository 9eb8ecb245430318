// The market for security (base price, utilisation, the security index and their history,
// each network's risk factor and price), the index pool, cover pools and optimistic validation.
import { html, render } from '../html.js';
import { extent, formatFixed, formatPerbill, share, toBig } from '../format.js';

/** A `FixedU128` rate as a percentage: `0.0035` → `0.35%`. */
export function fixedPercent(fixed, digits = 2) {
  return `${formatFixed(toBig(fixed) * 100n, digits)}%`;
}

/** A line chart of `points` (`{ x, y }` with bigint `y`), its axis labelled with `label(y)`. */
export function lineChart(points, label, { width = 440, height = 150, title = '' } = {}) {
  const pad = { left: 64, right: 10, top: 12, bottom: 22 };
  if (points.length === 0) return html`<p class="muted">No period swept yet.</p>`;
  const ys = points.map((p) => toBig(p.y));
  let { min, max } = extent(ys);
  if (min === max) {
    min = min > 0n ? min - min / 10n : 0n;
    max = max + max / 10n + 1n;
  }
  const span = max - min;
  const x = (i) => pad.left + (points.length === 1 ? (width - pad.left - pad.right) / 2
    : (i * (width - pad.left - pad.right)) / (points.length - 1));
  const y = (v) => pad.top + (height - pad.top - pad.bottom) * (1 - share(v - min, span));
  const line = ys.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const first = points[0].x;
  const last = points[points.length - 1].x;
  return html`<svg class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${title}">
    <line class="axis" x1="${pad.left}" y1="${pad.top}" x2="${pad.left}" y2="${height - pad.bottom}"/>
    <line class="axis" x1="${pad.left}" y1="${height - pad.bottom}" x2="${width - pad.right}" y2="${height - pad.bottom}"/>
    <text class="tick" x="${pad.left - 4}" y="${pad.top + 4}" text-anchor="end">${label(max)}</text>
    <text class="tick" x="${pad.left - 4}" y="${height - pad.bottom}" text-anchor="end">${label(min)}</text>
    <text class="tick" x="${pad.left}" y="${height - 6}">period ${first}</text>
    <text class="tick" x="${width - pad.right}" y="${height - 6}" text-anchor="end">period ${last}</text>
    <polyline points="${line}"/>
    ${ys.map((v, i) => html`<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="2.5"/>`)}
  </svg>`;
}

export function renderMarket(element, snap, ctx) {
  const m = snap.market;
  if (!m) {
    render(element, html`<p class="muted">This runtime has no market API.</p>`);
    return;
  }
  const history = m.history.map((r) => ({
    x: r.period.toNumber(), price: r.price, index: r.index, utilisation: r.utilisation,
  }));
  const rows = m.networks.map((n) => html`<tr data-network="${n.network.toNumber()}" data-price="${n.price.toBigInt()}">
      <td>#${n.network.toNumber()}</td><td>${formatFixed(n.riskFactor, 3)}</td><td>${formatFixed(n.price, 4)}</td>
      <td>${n.leasedSecurity.toBigInt() > 0n ? formatFixed(n.lockedPrice, 4) : html`<span class="muted">—</span>`}</td>
      <td>${n.askFloor.toBigInt() > 0n ? formatFixed(n.askFloor, 4) : html`<span class="muted">—</span>`}</td>
      <td>${ctx.balance(n.leasedSecurity)}</td><td>${fixedPercent(n.yieldPerPeriod, 3)}</td>
      <td>${formatPerbill(n.shared, 0)}</td><td>${n.recentSlashes.toNumber()}</td></tr>`);
  render(element, html`<div class="figures">
      <div class="figure" data-figure="base-price"><span>Base price</span><b>${formatFixed(m.basePrice, 4)}</b><small>floor ${formatFixed(m.floor, 4)}</small></div>
      <div class="figure" data-figure="utilisation"><span>Utilisation</span><b>${formatPerbill(m.utilisation, 1)}</b><small>of restaked stake leased</small></div>
      <div class="figure" data-figure="index"><span>Security index</span><b>${fixedPercent(m.index, 3)}</b><small>yield a period</small></div>
    </div>
    <div class="charts">
      <div><h3>Base price by period</h3>${lineChart(history.map((h) => ({ x: h.x, y: h.price })), (v) => formatFixed(v, 4), { title: 'base price history' })}</div>
      <div><h3>Security index by period</h3>${lineChart(history.map((h) => ({ x: h.x, y: h.index })), (v) => fixedPercent(v, 3), { title: 'index history' })}</div>
      <div><h3>Utilisation by period</h3>${lineChart(history.map((h) => ({ x: h.x, y: h.utilisation })), (v) => formatPerbill(v, 1), { title: 'utilisation history' })}</div>
    </div>
    <table><thead><tr><th>Network</th><th>Risk factor</th><th>Price now</th><th>Lease's locked price</th><th>Ask floor</th><th>Leased security</th>
      <th>Yield a period</th><th>Stake shared</th><th>Recent slashes</th></tr></thead><tbody>${rows}</tbody></table>`);
}

export function renderIndexPool(element, snap, ctx) {
  const p = snap.indexPool;
  if (!p) {
    render(element, html`<p class="muted">This runtime has no index pool.</p>`);
    return;
  }
  const targets = new Map(p.targets.map(([n, m]) => [n.toNumber(), m]));
  const rows = p.allocations.map(([n, magnitude, leaving]) => html`<tr data-network="${n.toNumber()}">
      <td>#${n.toNumber()}</td><td>${formatPerbill(targets.get(n.toNumber()) ?? 0n, 1)}</td>
      <td>${formatPerbill(magnitude, 1)}</td><td>${leaving.isTrue ? 'leaving' : ''}</td></tr>`);
  render(element, html`<p>Operator ${ctx.name(p.operator)} follows the security index of period
      ${p.period.toNumber()}${p.rebalancing.isTrue ? html` and is <b>rebalancing</b>` : ''}.</p>
    <table><thead><tr><th>Network</th><th>Target</th><th>Allocated</th><th></th></tr></thead><tbody>${rows}</tbody></table>`);
}

/** A cover pool's row: funds, cover in force, utilisation, capacity, rate. */
function poolRow(subject, pool, ctx) {
  const p = pool.unwrap();
  const funds = p.funds.toBigInt();
  const used = funds > 0n ? (p.covered.toBigInt() * 1_000_000_000n) / funds : 0n;
  return html`<tr data-subject="${subject.key}" data-utilisation="${used}">
    <td>${subject.label}</td><td>${ctx.balance(p.funds)}</td><td>${ctx.balance(p.covered)}</td>
    <td>${formatPerbill(used, 1)}</td><td>${ctx.balance(p.capacity)}</td><td>${fixedPercent(p.price, 3)}</td>
    <td>${p.underwriters.toNumber()}</td></tr>`;
}

export function renderCover(element, snap, ctx) {
  const pools = [
    ...snap.operators.filter((o) => o.pool?.isSome)
      .map((o) => poolRow({ key: `operator:${o.address}`, label: `Operator ${ctx.name(o.address)}` }, o.pool, ctx)),
    ...snap.networkPools.filter((n) => n.pool?.isSome)
      .map((n) => poolRow({ key: `network:${n.network}`, label: `Network #${n.network}` }, n.pool, ctx)),
  ];
  render(element, pools.length
    ? html`<table><thead><tr><th>Pool</th><th>Funds</th><th>Cover in force</th><th>Utilisation</th>
        <th>Capacity</th><th>Rate a period</th><th>Underwriters</th></tr></thead><tbody>${pools}</tbody></table>`
    : html`<p class="muted">No cover pool yet: underwriters open one with <code>cover.deposit</code>.</p>`);
}

export function renderValidation(element, snap, ctx) {
  const validated = snap.checkpoints.filter((c) => c.validated);
  const rows = validated.map((c) => {
    const latest = c.latest.isSome ? c.latest.unwrap() : null;
    return html`<tr data-network="${c.network}">
      <td>#${c.network}</td>
      <td>${latest ? html`round ${latest.round.toString()} at #${latest.finalizedAt.toString()}` : html`<span class="muted">none</span>`}</td>
      <td>${c.open.length}</td>
      <td>${c.disputes.length ? c.disputes.map((d) => html`<div>round ${d.round.toString()}: ${ctx.balance(d.valid)} say valid,
        ${ctx.balance(d.invalid)} invalid, of ${ctx.balance(d.total)}; closes at #${d.closesAt.toString()}</div>`) : html`<span class="muted">none</span>`}</td>
    </tr>`;
  });
  render(element, rows.length
    ? html`<table><thead><tr><th>Network</th><th>Latest final checkpoint</th><th>Open checkpoints</th><th>Disputes</th></tr></thead>
        <tbody>${rows}</tbody></table>`
    : html`<p class="muted">${snap.checkpoints.some((c) => c.validated !== undefined)
      ? 'No network is validated by checkpoints yet (a manager starts it with checkpoints.configureCheckpoints).'
      : 'This runtime has no optimistic validation.'}</p>`);
}
