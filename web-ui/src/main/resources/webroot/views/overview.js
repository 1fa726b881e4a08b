// Fleet overview: every cluster with its state; clusters in trouble stand out. Refreshes every 5 s; a
// failed refresh shows its error (the table keeps its last answer) until one succeeds again.
import { get } from '../api.js';
import { clearError, showError } from '../errors.js';
import { h, link, table, time } from '../dom.js';

const HEALTHY = new Set(['watching']);

export async function overview(params, ctx) {
  const root = h('section', { 'aria-labelledby': 'overview-title' });
  async function refresh() {
    const { items } = await get('api/v1/clusters');
    if (!ctx.isCurrent()) return;
    const trouble = items.filter((c) => !HEALTHY.has(c.state));
    // With several replicas on one PostgreSQL store, each cluster is synced by one of them.
    const sharded = items.some((c) => c.owner);
    root.replaceChildren(
      h('h1', { id: 'overview-title' }, 'Fleet'),
      trouble.length
        ? h('div', { class: 'banner bad', role: 'status' }, `${trouble.length} of ${items.length} clusters need attention: `
          + trouble.map((c) => `${c.name} (${c.state})`).join(', '))
        : h('div', { class: 'banner ok', role: 'status' }, `All ${items.length} clusters are in sync.`),
      table(['Cluster', 'State', 'Message', h('th', { class: 'num', scope: 'col' }, 'Types'),
        h('th', { class: 'num', scope: 'col' }, 'Objects'), 'Last change', sharded ? 'Synced by' : null].filter((x) => x),
      items.map((c) => h('tr', { class: HEALTHY.has(c.state) ? '' : 'trouble', 'data-cluster': c.name },
        h('td', {}, link({ view: 'inventory', cluster: c.name }, c.name)),
        h('td', { class: 'state state-' + c.state }, c.state,
          c.state === 'listing' ? h('span', { class: 'muted' }, ` (${c.typesSynced}/${c.resourceTypes} types)`) : null),
        h('td', {}, c.message || ''),
        h('td', { class: 'num' }, c.resourceTypes),
        h('td', { class: 'num' }, c.objects.toLocaleString()),
        h('td', {}, time(c.lastChangeAt)),
        sharded ? h('td', { class: 'muted' }, c.owner || 'nobody (waiting for a replica)') : null)), { id: 'clusters' }));
  }
  await refresh();
  // The next refresh is scheduled when one answers, so a slow answer never lands after a newer one.
  let timer = null;
  let failing = false;
  async function tick() {
    try {
      await refresh();
      if (failing && ctx.isCurrent()) clearError();
      failing = false;
    } catch (e) {
      if (ctx.isCurrent()) {
        failing = true;
        showError(e);
      }
    }
    if (ctx.isCurrent()) timer = setTimeout(tick, 5000);
  }
  timer = setTimeout(tick, 5000);
  ctx.onLeave(() => clearTimeout(timer));
  return root;
}
