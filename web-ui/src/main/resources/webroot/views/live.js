// Live feed: recent changes across the fleet, updating through the server-sent event stream; pausable,
// and filtered on the server by cluster, kind, namespace and spec-only (changed=/spec).
import { get } from '../api.js';
import { openEvents } from '../events.js';
import { navigate } from '../router.js';
import { clean, h, link, table, time } from '../dom.js';

const KEEP = 200;

export async function live(params, ctx) {
  const since = new Date(Date.now() - 15 * 60 * 1000).toISOString();
  const filters = clean({ cluster: params.cluster, kind: params.kind, namespace: params.namespace,
    changed: params.spec ? '/spec' : undefined });
  const { items: clusters } = await get('api/v1/clusters');
  const recent = [];
  let after = 0;
  for (;;) {
    const page = await get('api/v1/changes', { since, after: after || undefined, limit: 1000, ...filters });
    // The user left while the recent changes loaded: stop, and open no stream for a view nobody sees.
    if (!ctx.isCurrent()) return null;
    recent.push(...page.items);
    if (recent.length > KEEP) recent.splice(0, recent.length - KEEP);
    if (page.next === null) break;
    after = page.next;
  }
  const body = h('tbody', {});
  const row = (c) => h('tr', { class: 'type-' + c.type, 'data-seq': c.seq, 'data-name': c.name },
    h('td', {}, time(c.observedAt)), h('td', { class: 't' }, c.type), h('td', {}, c.cluster), h('td', {}, c.kind),
    h('td', {}, c.namespace || '—'),
    h('td', {}, c.type === 'DELETED' ? c.name : link({ view: 'object', cluster: c.cluster, apiVersion: c.apiVersion,
      kind: c.kind, namespace: c.namespace || '', name: c.name }, c.name)));
  recent.slice().reverse().forEach((c) => body.append(row(c)));

  let paused = false;
  const held = [];
  const status = h('span', { class: 'muted', role: 'status', id: 'live-status' }, 'Connecting…');
  const button = h('button', { type: 'button', id: 'pause', 'aria-pressed': 'false', onclick: () => {
    paused = !paused;
    button.textContent = paused ? 'Resume' : 'Pause';
    button.setAttribute('aria-pressed', String(paused));
    if (!paused) { held.splice(0).forEach(add); }
    status.textContent = paused ? 'Paused' : 'Live';
  } }, 'Pause');
  function add(c) {
    body.prepend(row(c));
    while (body.children.length > KEEP) body.lastChild.remove();
  }
  const lastSeq = recent.length ? recent[recent.length - 1].seq : null;
  const url = new URL('api/v1/watch', window.location.href);
  if (lastSeq !== null) url.searchParams.set('after', lastSeq);
  Object.entries(filters).forEach(([k, v]) => url.searchParams.set(k, v));
  const states = { live: () => (paused ? 'Paused' : 'Live'), reconnecting: () => 'Reconnecting…',
    unauthorized: () => 'The API token was refused; reload the page to enter another' };
  const close = openEvents(url, {
    onState: (s) => { status.textContent = states[s](); },
    onEvent: (type, data) => {
      if (type !== 'change') return;
      const c = JSON.parse(data);
      if (paused) {
        held.push(c);
        status.textContent = `Paused (${held.length} new)`;
      } else {
        add(c);
      }
    },
  });
  ctx.onLeave(close);
  const feed = table(['Time', 'Change', 'Cluster', 'Kind', 'Namespace', 'Name'], [], { id: 'feed' });
  feed.querySelector('tbody').replaceWith(body);
  const apply = () => {
    const data = new FormData(form);
    const next = { view: 'live' };
    for (const [k, v] of data.entries()) if (v) next[k] = v;
    navigate(next);
  };
  const field = (name, label, attrs = {}) => h('label', {}, label, h('input', { name, value: params[name] || '', ...attrs }));
  const form = h('form', { class: 'filters', id: 'live-filters', role: 'search', 'aria-label': 'Filter the feed',
    onsubmit: (e) => { e.preventDefault(); apply(); } },
  h('label', {}, 'Cluster', h('select', { name: 'cluster', onchange: apply }, h('option', { value: '' }, 'All clusters'),
    clusters.map((c) => h('option', { value: c.name, selected: c.name === params.cluster }, c.name)))),
  field('kind', 'Kind', { placeholder: 'e.g. Deployment', size: 14 }),
  field('namespace', 'Namespace', { size: 14 }),
  h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'spec', id: 'live-spec-only', value: '1',
    checked: !!params.spec, onchange: apply }), ' Spec only'),
  h('button', { type: 'submit' }, 'Apply'));
  return h('section', {},
    h('h1', {}, 'Live feed'),
    form,
    h('div', { class: 'live-controls' }, button, status),
    feed);
}
