// Live feed: recent changes across the fleet, updating through the server-sent event stream; pausable.
import { get } from '../api.js';
import { openEvents } from '../events.js';
import { h, link, table, time } from '../dom.js';

const KEEP = 200;

export async function live(params, ctx) {
  const since = new Date(Date.now() - 15 * 60 * 1000).toISOString();
  const recent = [];
  let after = 0;
  for (;;) {
    const page = await get('api/v1/changes', { since, after: after || undefined, limit: 1000, cluster: params.cluster });
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
  if (params.cluster) url.searchParams.set('cluster', params.cluster);
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
  return h('section', {},
    h('h1', {}, 'Live feed'),
    h('div', { class: 'live-controls' }, button, status),
    feed);
}
