// Operators (backing, restaking factor, allocations, where they are jailed) and restakers
// (their positions as if settled now).
import { html, render } from '../html.js';
import { formatPerbill } from '../format.js';
import { LIMIT } from '../chain.js';

export function renderOperators(element, snap, ctx) {
  const rows = snap.operators.map(({ address, exposure }) => {
    const b = exposure.backing;
    const jailed = exposure.dependents.filter((d) => d.jailed.isTrue).map((d) => d.network.toNumber());
    const shares = new Map(exposure.dependents.map((d) => [d.network.toNumber(), d.shareOfNetwork]));
    const allocations = b.allocations.map((a) => {
      const share = shares.get(a.network.toNumber());
      const pending = a.pending.isSome
        ? html` <small class="muted">→ ${formatPerbill(a.pending.unwrap()[0])} at #${a.pending.unwrap()[1].toString()}</small>`
        : '';
      const leaving = a.optingOutUntil.isSome ? html` <small class="muted">leaving</small>` : '';
      const of = share && share.toBigInt() > 0n
        ? html` <small class="muted">(${formatPerbill(share, 0)} of the network)</small>` : '';
      return html`<div>#${a.network.toNumber()}: ${formatPerbill(a.magnitude, 0)} = ${ctx.balance(a.allocated)}${of}${pending}${leaving}</div>`;
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
  const cut = (more, what) => (more ? html`<p class="muted">The first ${LIMIT} ${what} in storage order; there are more.</p>` : '');
  render(element, html`${cut(snap.moreOperators, 'operators')}<table class="operators">
      <thead><tr><th>Operator</th><th>Backing</th><th>Restakers</th><th>Commission</th>
        <th>Restaking factor</th><th>Allocations</th><th>Jailed</th></tr></thead>
      <tbody>${rows}</tbody></table>
    <h3>Restakers</h3>${cut(snap.moreRestakers, 'restakers')}
    <table class="restakers">
      <thead><tr><th>Restaker</th><th>Operator</th><th>Active</th><th>Withdrawing</th>
        <th>Pending slash</th><th>Pending rewards</th></tr></thead>
      <tbody>${restakers}</tbody></table>`);
}
