// Kinds × clusters: how many objects of each kind each cluster has; a cell opens that inventory.
import { get } from '../api.js';
import { h, link, table } from '../dom.js';

export async function matrix() {
  const [{ items: clusters }, { items: counts }] = await Promise.all([
    get('api/v1/clusters'), get('api/v1/counts', { by: 'cluster,group,kind' })]);
  const names = clusters.map((c) => c.name);
  const rows = new Map();
  for (const c of counts) {
    const key = c.kind + '\u0000' + c.group;
    if (!rows.has(key)) rows.set(key, { kind: c.kind, group: c.group, cells: {} });
    rows.get(key).cells[c.cluster] = c.objects;
  }
  const sorted = [...rows.values()].sort((a, b) => a.kind.localeCompare(b.kind) || a.group.localeCompare(b.group));
  return h('section', {},
    h('h1', {}, 'Kinds × clusters'),
    h('p', { class: 'muted' }, `${sorted.length} kinds across ${names.length} clusters. Select a count to see the objects.`),
    table(['Kind', 'Group', ...names.map((n) => h('th', { class: 'num', scope: 'col' }, n))],
      sorted.map((r) => h('tr', { 'data-kind': r.kind },
        h('th', { scope: 'row' }, r.kind),
        h('td', { class: 'muted' }, r.group || 'core'),
        names.map((n) => h('td', { class: 'num' }, r.cells[n]
          ? link({ view: 'inventory', cluster: n, kind: r.kind, group: r.group }, r.cells[n].toLocaleString(),
            { 'aria-label': `${r.cells[n]} ${r.kind} in ${n}` })
          : h('span', { class: 'muted' }, '·'))))), { id: 'matrix' }));
}
