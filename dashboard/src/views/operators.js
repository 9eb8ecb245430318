// Operators (backing, restaking factor, allocations, where they are jailed) and restakers
// (their positions as if settled now).
import { html, render } from '../html.js';
import { formatPerbill } from '../format.js';

export function renderOperators(element, snap, ctx) {
  const rows = snap.operators.map(({ address, exposure }) => {
    const b = exposure.backing;
    const jailed = exposure.dependents.filter((d) => d.jailed.isTrue).map((d) => d.network.toNumber());
    const allocations = b.allocations.map((a) => {
      const pending = a.pending.isSome
        ? html` <small class="muted">→ ${formatPerbill(a.pending.unwrap()[0])} at #${a.pending.unwrap()[1].toString()}</small>`
        : '';
      const leaving = a.optingOutUntil.isSome ? html` <small class="muted">leaving</small>` : '';
      return html`<div>#${a.network.toNumber()}: ${formatPerbill(a.magnitude, 0)} = ${ctx.balance(a.allocated)}${pending}${leaving}</div>`;
    });
    const factor = b.restakingFactor.toBigInt();
    return html`<tr data-operator="${address}" data-factor="${factor}" data-jailed="${jailed.join(',')}">
      <td>${ctx.name(address)}</td>
      <td>${ctx.balance(b.total)}</td>
      <td>${b.restakers.toNumber()}</td>
      <td>${formatPerbill(b.commission, 1)}</td>
      <td class="${factor > 1_000_000_000n ? 'leveraged' : ''}">${formatPerbill(factor, 0)}</td>
      <td>${allocations}</td>
      <td>${jailed.length ? html`<span class="jailed">jailed on #${jailed.join(', #')}</span>` : html`<span class="muted">no</span>`}</td>
    </tr>`;
  });
  const restakers = snap.restakers.map(({ address, position: p }) => html`<tr data-restaker="${address}">
      <td>${ctx.name(address)}</td><td>${ctx.name(p.operator)}</td><td>${ctx.balance(p.active)}</td>
      <td>${ctx.balance(p.withdrawing)}${p.unlockAt.isSome ? html`<br><small>unlocks at #${p.unlockAt.unwrap().toString()}</small>` : ''}</td>
      <td>${ctx.balance(p.pendingSlash)}</td><td>${ctx.balance(p.pendingRewards)}</td></tr>`);
  render(element, html`<table class="operators">
      <thead><tr><th>Operator</th><th>Backing</th><th>Restakers</th><th>Commission</th>
        <th>Restaking factor</th><th>Allocations</th><th>Jailed</th></tr></thead>
      <tbody>${rows}</tbody></table>
    <h3>Restakers</h3>
    <table class="restakers">
      <thead><tr><th>Restaker</th><th>Operator</th><th>Active</th><th>Withdrawing</th>
        <th>Pending slash</th><th>Pending rewards</th></tr></thead>
      <tbody>${restakers}</tbody></table>`);
}
