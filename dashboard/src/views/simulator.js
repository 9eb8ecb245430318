// The cascade simulator: pick an operator (or every operator of a network) and a fraction,
// ask the runtime's `simulateSlash` (the real slash path, rolled back) and show which networks
// would lose security and which would fall under their target.
import { html, render } from '../html.js';
import { formatFixed, percentToPerbill, toBig } from '../format.js';

/** The choices of target: each operator on each network it has stake on, then each network. */
export function targets(snap, ctx) {
  const choices = [];
  for (const { address, exposure } of snap.operators) {
    for (const a of exposure.backing.allocations) {
      if (a.allocated.toBigInt() === 0n) continue;
      const network = a.network.toNumber();
      choices.push({ value: `operator:${address}:${network}`, label: `${ctx.name(address)} on network #${network}` });
    }
  }
  for (const n of snap.networks) {
    const id = n.network.toNumber();
    choices.push({ value: `network:${id}`, label: `Every operator of network #${id}` });
  }
  return choices;
}

/** The `SlashTarget` argument for a choice's value. */
export function slashTarget(value) {
  const [kind, a, b] = value.split(':');
  return kind === 'network' ? { Network: Number(a) } : { Operator: { operator: a, network: Number(b) } };
}

/** `after − target` of two `FixedU128`, signed: `-0.02` under the target, `+0.69` above. */
export function margin(after, target) {
  const diff = toBig(after) - toBig(target);
  return diff < 0n ? `−${formatFixed(-diff)}` : `+${formatFixed(diff)}`;
}

/**
 * Mounts the simulator in `element`. `latest()` gives the last snapshot; `onCascade(map|null)`
 * hears the predicted cascade (network → `{ after, falls }`) for the graph.
 */
export function createSimulator(element, { api, ctx, latest, onCascade }) {
  render(element, html`<form id="sim-form">
      <label>Slash <select id="sim-target"></select></label>
      <label>by <input id="sim-fraction" value="10" size="5" inputmode="decimal"> %</label>
      <button id="sim-run" type="submit" disabled>Simulate</button>
      <button id="sim-clear" type="button" class="secondary">Clear</button>
    </form>
    <div id="sim-result" data-state="idle"><p class="muted">Pick a target and a fraction: the runtime computes the
      cascade on the real slash path and rolls it back.</p></div>`);
  const select = element.querySelector('#sim-target');
  const input = element.querySelector('#sim-fraction');
  const result = element.querySelector('#sim-result');
  const button = element.querySelector('#sim-run');
  let options = '';
  // Only the answer to the last click is shown: an earlier one arriving late is dropped.
  let asked = 0;

  async function run(event) {
    event.preventDefault();
    asked += 1;
    const mine = asked;
    const fraction = percentToPerbill(input.value);
    if (fraction === null) {
      result.dataset.state = 'error';
      render(result, html`<p class="error">The fraction is a percentage from 0 to 100.</p>`);
      onCascade(null);
      return;
    }
    const snap = latest();
    if (!snap || !select.value) return;
    result.dataset.state = 'running';
    try {
      const at = await api.at(snap.hash);
      const outcome = await at.call.securityApi.simulateSlash(slashTarget(select.value), fraction);
      if (mine !== asked) return;
      const targetOf = new Map(snap.networks.map((n) => [n.network.toNumber(), n.target]));
      if (outcome.isErr) {
        result.dataset.state = 'error';
        render(result, html`<p class="error">Refused: ${ctx.error(outcome.asErr, { docs: true })}</p>`);
        onCascade(null);
        return;
      }
      const sim = outcome.asOk;
      const cascade = new Map(sim.changes.map((c) => [c.network.toNumber(), {
        after: c.after.ratio.toBigInt(),
        falls: c.fallsUnderTarget.isTrue,
      }]));
      const rows = sim.changes.map((c) => html`<tr data-network="${c.network.toNumber()}"
          data-after-ratio="${c.after.ratio.toBigInt()}" data-after-coc="${c.after.coc.toBigInt()}"
          data-falls="${c.fallsUnderTarget.isTrue}" class="${c.fallsUnderTarget.isTrue ? 'falls' : ''}">
        <td>#${c.network.toNumber()}</td>
        <td>${ctx.balance(c.before.allocated)} → ${ctx.balance(c.after.allocated)}</td>
        <td>${ctx.balance(c.before.coc)} → ${ctx.balance(c.after.coc)}</td>
        <td class="ratios">${formatFixed(c.before.ratio)} → <b>${formatFixed(c.after.ratio)}</b></td>
        <td class="margin">${targetOf.has(c.network.toNumber())
          ? html`${formatFixed(targetOf.get(c.network.toNumber()))} (${margin(c.after.ratio, targetOf.get(c.network.toNumber()))})` : ''}</td>
        <td>${c.fallsUnderTarget.isTrue ? html`<b class="under">falls under target</b>`
          : c.after.meetsTarget.isTrue ? 'still meets target' : 'was already under target'}</td>
      </tr>`);
      const falling = sim.changes.filter((c) => c.fallsUnderTarget.isTrue).length;
      result.dataset.state = 'done';
      result.dataset.block = String(snap.block);
      render(result, html`<p id="sim-slashed" data-amount="${sim.slashed.toBigInt()}">At block #${snap.block} this slash
          would take <b>${ctx.balance(sim.slashed)}</b> and change ${sim.changes.length} network(s);
          <b>${falling}</b> would fall under target.</p>
        <table><thead><tr><th>Network</th><th>Allocated stake</th><th>CoC</th><th>Ratio</th><th>Target (after − target)</th><th></th></tr></thead>
        <tbody>${rows}</tbody></table>`);
      onCascade(cascade);
    } catch (error) {
      if (mine !== asked) return;
      result.dataset.state = 'error';
      render(result, html`<p class="error">The node did not answer: ${error.message ?? error}</p>`);
      onCascade(null);
    }
  }
  element.querySelector('#sim-form').addEventListener('submit', run);
  element.querySelector('#sim-clear').addEventListener('click', () => {
    asked += 1;
    result.dataset.state = 'idle';
    render(result, html`<p class="muted">Cleared.</p>`);
    onCascade(null);
  });

  return {
    /** Refreshes the choices from a new snapshot, keeping the one selected. */
    update(snap) {
      button.disabled = false;
      const choices = targets(snap, ctx);
      const next = choices.map((c) => `${c.value}|${c.label}`).join('\n');
      if (next === options) return;
      options = next;
      const selected = select.value;
      render(select, choices.map((c) => html`<option value="${c.value}">${c.label}</option>`));
      if (choices.some((c) => c.value === selected)) select.value = selected;
    },
  };
}
