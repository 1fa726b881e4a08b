// What changed: every object added, deleted or modified in a time window (presets or from/to), grouped
// by kind with its changed paths and actors (from /api/v1/diff), and a timeline of the window's changes
// (from /api/v1/changes), one band per cluster and one row per object. Both reads are bounded.
import { get } from '../api.js';
import { showError } from '../errors.js';
import { navigate } from '../router.js';
import { clean, h, link, table, time } from '../dom.js';
import { timeline } from '../timeline.js';

const PRESETS = { '1h': 'Last hour', '2h': 'Last 2 hours', '24h': 'Last 24 hours', custom: 'Custom' };
const HOURS = { '1h': 1, '2h': 2, '24h': 24 };
const FILTERS = ['range', 'from', 'to', 'cluster', 'kind', 'namespace', 'spec', 'manager'];
const MAX_OBJECTS = 2000; // objects listed at most
const MAX_MARKS = 3000; // timeline entries read at most
const MAX_REQUESTS = 40; // per read: a page may be short (each request scans a bounded part of the journal)

/** The window the parameters name, as Dates. */
function windowOf(params) {
  const range = Object.hasOwn(PRESETS, params.range) ? params.range : '1h';
  if (range === 'custom' && params.from) {
    const from = new Date(params.from);
    const to = params.to ? new Date(params.to) : new Date();
    if (!Number.isNaN(from.getTime()) && !Number.isNaN(to.getTime())) return { range, from, to };
  }
  const to = new Date();
  const hours = HOURS[range] || 1;
  return { range: HOURS[range] ? range : '1h', from: new Date(to.getTime() - hours * 3600e3), to };
}

/** A Date as a datetime-local input's value (local time, minutes). */
function localInput(d) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Up to MAX_OBJECTS more objects of the window's diff, from the continue token next (none: the start). */
async function diffPages(query, ctx, next) {
  const items = [];
  for (let i = 0; i < MAX_REQUESTS && ctx.isCurrent(); i++) {
    const page = await get('api/v1/diff', { ...query, limit: 500, continue: next });
    page.groups.forEach((g) => items.push(...g.items));
    next = page.next;
    if (next === null || items.length >= MAX_OBJECTS) break;
  }
  return { items, next, complete: next === null };
}

async function changePages(query, ctx) {
  const entries = [];
  let after;
  let next;
  for (let i = 0; i < MAX_REQUESTS && ctx.isCurrent(); i++) {
    const page = await get('api/v1/changes', { ...query, limit: 1000, after });
    entries.push(...page.items);
    next = page.next;
    if (next === null || entries.length >= MAX_MARKS) break;
    after = next;
  }
  return { entries: entries.slice(0, MAX_MARKS), complete: next === null && entries.length <= MAX_MARKS };
}

function actor(a) {
  return h('span', { class: 'chip actor' }, a.manager || '?',
    h('span', { class: 'muted' }, ` ${a.operation}${a.subresource ? '/' + a.subresource : ''}`));
}

function paths(item) {
  if (item.statusOnly) return [h('span', { class: 'chip status-only' }, 'status only'), ...item.changed.map((p) => h('code', { class: 'path' }, p + ' '))];
  if (!item.changed) return [h('span', { class: 'muted' }, item.change === 'modified' ? 'not known' : '—')];
  if (!item.changed.length) return [h('span', { class: 'muted' }, 'bookkeeping only')];
  return item.changed.map((p) => h('code', { class: 'path' }, p + ' '));
}

function groupsOf(items) {
  const groups = new Map();
  for (const i of items) {
    const key = `${i.kind} ${i.apiVersion}`;
    if (!groups.has(key)) groups.set(key, { apiVersion: i.apiVersion, kind: i.kind, items: [] });
    groups.get(key).items.push(i);
  }
  return [...groups.values()].sort((a, b) => a.kind.localeCompare(b.kind) || a.apiVersion.localeCompare(b.apiVersion));
}

function groupView(g) {
  const counts = {};
  g.items.forEach((i) => { counts[i.change] = (counts[i.change] || 0) + 1; });
  const rows = g.items.map((i) => h('tr', { 'data-name': i.name, 'data-change': i.change, 'data-cluster': i.cluster },
    h('td', {}, h('span', { class: 'badge change-' + i.change }, i.change)),
    h('td', {}, i.cluster),
    h('td', {}, i.namespace || h('span', { class: 'muted' }, '—')),
    h('td', {}, link({ view: 'object', cluster: i.cluster, apiVersion: i.apiVersion, kind: i.kind,
      namespace: i.namespace || '', name: i.name }, i.name)),
    h('td', { class: 'num' }, i.changes),
    h('td', { class: 'paths' }, paths(i)),
    h('td', { class: 'actors' }, i.actors.map(actor), i.appliedBy ? h('span', { class: 'chip applied-by' }, i.appliedBy) : null,
      !i.actors.length && !i.appliedBy ? h('span', { class: 'muted' }, '—') : null),
    h('td', {}, time(i.lastAt))));
  const summary = Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(', ');
  return h('section', { class: 'diff-group', 'data-kind': g.kind, 'data-api-version': g.apiVersion },
    h('h3', {}, g.kind, h('span', { class: 'muted' }, ` ${g.apiVersion} · ${summary}`)),
    table(['Change', 'Cluster', 'Namespace', 'Name', h('th', { class: 'num', scope: 'col' }, 'Changes'),
      'Changed paths', 'Actors', 'Last change'], rows));
}

export async function changes(params, ctx) {
  const { range, from, to } = windowOf(params);
  const filters = { cluster: params.cluster, kind: params.kind, namespace: params.namespace,
    manager: params.manager, changed: params.spec ? '/spec' : undefined };
  const diffQuery = { ...filters, from: from.toISOString(), to: to.toISOString() };
  const [{ items: clusters }, diff, marks] = await Promise.all([
    get('api/v1/clusters'),
    diffPages(diffQuery, ctx),
    changePages({ ...filters, since: from.toISOString(), until: to.toISOString() }, ctx)]);

  const apply = (extra = {}) => {
    const data = new FormData(form);
    const next = { view: 'changes' };
    for (const [k, v] of data.entries()) if (v && FILTERS.includes(k)) next[k] = v;
    if (next.range !== 'custom') { delete next.from; delete next.to; }
    else {
      // An input left as shown keeps the window's exact instant (the inputs show minutes), and an
      // open end stays open (now).
      const exact = (name, shown, keep) => (next[name] && next[name] !== shown ? new Date(next[name]).toISOString() : keep);
      next.from = exact('from', localInput(from), custom ? params.from : from.toISOString());
      next.to = exact('to', localInput(to), custom ? params.to : undefined);
    }
    navigate(clean({ ...next, ...extra }));
  };
  const field = (name, label, attrs = {}) => h('label', {}, label, h('input', { name, value: params[name] || '', ...attrs }));
  const custom = range === 'custom';
  const form = h('form', { class: 'filters', id: 'changes-filters', role: 'search', 'aria-label': 'Window and filters',
    onsubmit: (e) => { e.preventDefault(); apply(); } },
  h('label', {}, 'Window', h('select', { name: 'range', id: 'range', onchange: () => {
    const isCustom = form.elements.range.value === 'custom';
    form.querySelectorAll('.custom').forEach((el) => { el.hidden = !isCustom; });
    if (!isCustom) apply();
  } }, Object.entries(PRESETS).map(([v, t]) => h('option', { value: v, selected: v === range }, t)))),
  h('label', { class: 'custom', hidden: !custom }, 'From', h('input', { type: 'datetime-local', name: 'from', id: 'from', value: localInput(from) })),
  h('label', { class: 'custom', hidden: !custom }, 'To', h('input', { type: 'datetime-local', name: 'to', id: 'to', value: localInput(to) })),
  h('label', {}, 'Cluster', h('select', { name: 'cluster' }, h('option', { value: '' }, 'All clusters'),
    clusters.map((c) => h('option', { value: c.name, selected: c.name === params.cluster }, c.name)))),
  field('kind', 'Kind', { placeholder: 'e.g. Deployment', size: 14 }),
  field('namespace', 'Namespace', { size: 14 }),
  field('manager', 'Manager', { placeholder: 'e.g. helm, kubectl', size: 14 }),
  h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'spec', id: 'spec-only', value: '1', checked: !!params.spec,
    onchange: () => apply() }), ' Spec only'),
  h('button', { type: 'submit' }, 'Apply'));

  const objects = objectsView(diff, diffQuery, ctx);
  const { svg, rows, dropped } = timeline(marks.entries, from, to);
  const counts = {};
  diff.items.forEach((i) => { counts[i.change] = (counts[i.change] || 0) + 1; });
  const notes = [];
  if (!marks.complete) notes.push(`The timeline shows the first ${marks.entries.length.toLocaleString()} changes of the window only; narrow the window or the filters to see all.`);
  if (dropped) notes.push(`${dropped} changes of objects beyond the first ${rows} rows are not drawn.`);

  return h('section', { class: 'changes-view' },
    h('h1', {}, 'What changed'),
    form,
    h('p', { class: 'muted', id: 'changes-window' }, `${time(from.toISOString())} – ${time(to.toISOString())}: `,
      diff.items.length ? Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(', ') : (diff.next === null ? 'nothing changed' : 'no change found yet'),
      diff.next === null ? '' : ' (so far)',
      params.spec ? ' (status-only changes hidden)' : ''),
    notes.map((n) => h('p', { class: 'banner warn bounded' }, n)),
    h('h2', {}, 'Timeline'),
    h('div', { class: 'legend', 'aria-hidden': 'true' },
      ['added', 'modified', 'deleted'].map((t) => h('span', { class: 'legend-item' }, h('span', { class: 'swatch ' + t }), t)),
      h('span', { class: 'legend-item' }, h('span', { class: 'swatch modified status' }), 'status only')),
    marks.entries.length ? h('div', { class: 'timeline-wrap' }, svg) : h('p', { class: 'muted', id: 'timeline-empty' }, 'No changes in this window.'),
    h('h2', {}, 'Objects'),
    objects);
}

/** The diff's groups, and while the window holds more than was read, a button that reads on. */
function objectsView(diff, diffQuery, ctx) {
  const items = diff.items.slice();
  let next = diff.next;
  const box = h('div', { id: 'diff-objects' });
  const render = () => {
    const groups = groupsOf(items);
    const more = next === null ? null : h('p', { class: 'bounded' },
      h('span', { class: 'muted' }, `${items.length.toLocaleString()} changed objects read so far; the window holds more. `),
      h('button', { type: 'button', id: 'diff-more', onclick: async (e) => {
        e.target.disabled = true;
        try {
          const page = await diffPages(diffQuery, ctx, next);
          if (!ctx.isCurrent()) return;
          items.push(...page.items);
          next = page.next;
          render();
        } catch (err) {
          e.target.disabled = false;
          showError(err);
        }
      } }, 'Read more'));
    box.replaceChildren(groups.length ? h('div', { id: 'diff-groups' }, groups.map(groupView))
      : h('p', { class: 'muted', id: 'diff-empty' }, next === null ? 'No object changed in this window with these filters.' : 'None yet.'), more);
  };
  render();
  return box;
}
