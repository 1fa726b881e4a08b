// Sinks: the subscriptions that push journal changes to HTTP endpoints as CloudEvents, with their state,
// cursor, lag and counters; refreshes every 5 s. A selected sink (?sink=) shows its dead letters, paged,
// with replay buttons and a control that restarts its delivery from a sequence number or an instant.
import { get, post } from '../api.js';
import { clearError, showError } from '../errors.js';
import { h, link, table, time } from '../dom.js';

const HEALTHY = new Set(['idle', 'delivering']);
const PAGE = 50;
const EXAMPLE = `sinks:
  - name: deploy-specs
    url: https://hooks.example.com/allkinds
    clusters: [prod-*]
    kinds: [apps/Deployment]
    changed: [/spec]`;

const num = (label) => h('th', { class: 'num', scope: 'col' }, label);
const count = (n) => (n === null || n === undefined ? '—' : Number(n).toLocaleString());
const none = () => h('span', { class: 'muted' }, '—');
const sinkPath = (name, rest) => `api/v1/sinks/${encodeURIComponent(name)}/${rest}`;

/** A lag in seconds as people say it: "42 s", "3 min 5 s", "2 h 10 min", "4 d 3 h". */
export function duration(seconds) {
  if (seconds === null || seconds === undefined) return '—';
  const s = Math.round(Number(seconds));
  if (s < 1) return Number(seconds) > 0 ? '< 1 s' : '0 s';
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  return `${Math.floor(s / 86400)} d ${Math.floor((s % 86400) / 3600)} h`;
}

export async function sinks(params, ctx) {
  const selected = params.sink || null;
  const summary = h('div', { id: 'sinks-summary' });
  const letters = h('div', { id: 'dead-letters' });
  const versions = new Map(); // cluster -> Map(group/kind -> apiVersion), for links to the objects

  async function refresh() {
    const [{ items }, page] = await Promise.all([get('api/v1/sinks'),
      selected ? get(sinkPath(selected, 'dead-letters'), { limit: PAGE, after: params.after }) : null]);
    if (page) await learnVersions(page.items.map((d) => d.cluster));
    if (!ctx.isCurrent()) return;
    summary.replaceChildren(...sinkList(items, selected).filter((x) => x));
    if (page) letters.replaceChildren(...deadLetterList(selected, page, params, versions, replayOne));
  }

  async function learnVersions(clusters) {
    const missing = [...new Set(clusters)].filter((c) => !versions.has(c));
    if (!missing.length) return;
    // Without them the dead letters are still listed, only not linked.
    const { items } = await get('api/v1/resource-types', { cluster: missing }).catch(() => ({ items: [] }));
    missing.forEach((c) => versions.set(c, new Map()));
    for (const t of items) {
      const byType = versions.get(t.cluster);
      if (byType && !byType.has(t.group + '/' + t.kind)) byType.set(t.group + '/' + t.kind, t.apiVersion);
    }
  }

  // The next refresh is scheduled when one answers, so a slow answer never lands after a newer one; an
  // action asks for one at once (after the running one, if any).
  let timer = null;
  let running = false;
  let again = false;
  let failing = false;
  async function tick() {
    clearTimeout(timer);
    if (running) {
      again = true;
      return;
    }
    running = true;
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
    running = false;
    if (ctx.isCurrent()) timer = setTimeout(tick, again ? 0 : 5000);
    again = false;
  }

  const answer = h('p', { role: 'status', id: 'sink-answer', class: 'muted' });
  async function act(button, call, say) {
    button.disabled = true;
    answer.textContent = '';
    try {
      const body = await call();
      if (!ctx.isCurrent()) return;
      clearError();
      answer.textContent = say(body);
      tick();
    } catch (e) {
      if (ctx.isCurrent()) showError(e);
    } finally {
      button.disabled = false;
    }
  }
  function replayOne(button, seq) {
    act(button, () => post(sinkPath(selected, 'dead-letters/replay'), { seq }),
      (b) => (b.requested ? `Dead letter ${seq} will be resent before new changes.` : `Dead letter ${seq} is no longer listed.`));
  }

  await refresh();
  timer = setTimeout(tick, 5000);
  ctx.onLeave(() => clearTimeout(timer));
  return h('section', { 'aria-labelledby': 'sinks-title' },
    h('h1', { id: 'sinks-title' }, 'Sinks'),
    summary,
    selected ? controls(selected, letters, answer, act) : null);
}

function sinkList(items, selected) {
  if (!items.length) {
    return [h('div', { id: 'sinks-empty' },
      h('p', {}, 'No sinks are configured. A sink pushes every journal change that matches its filter to an HTTP '
        + 'endpoint as a CloudEvent, at least once and in order, and keeps its place across restarts. '
        + 'Add a sinks list to allkinds.yaml and restart; for example, every change to a Deployment\'s spec in the '
        + 'clusters named prod-*:'),
      h('pre', { class: 'yaml', tabindex: 0 }, EXAMPLE))];
  }
  const trouble = items.filter((s) => !HEALTHY.has(s.state));
  return [
    trouble.length
      ? h('div', { class: 'banner bad', role: 'status' }, `${trouble.length} of ${items.length} sinks need attention: `
        + trouble.map((s) => `${s.name} (${s.state})`).join(', '))
      : h('div', { class: 'banner ok', role: 'status' }, `All ${items.length} sinks are keeping up.`),
    table(['Sink', 'State', 'Replica', num('Cursor / head'), num('Lag'), num('Delivered'),
      num('Retries'), num('Dead letters'), num('Skipped'), 'Last error'],
    items.map((s) => sinkRow(s, s.name === selected)), { id: 'sinks' }),
    selected ? null : h('p', { class: 'muted' }, 'Select a sink to see its dead letters and to replay its changes.'),
  ];
}

function sinkRow(s, current) {
  const classes = [HEALTHY.has(s.state) ? '' : 'trouble', current ? 'selected' : ''].join(' ').trim();
  return h('tr', { class: classes || null, 'data-sink': s.name, 'data-state': s.state },
    h('th', { scope: 'row' }, link({ view: 'sinks', sink: s.name }, s.name, { 'aria-current': current ? 'true' : null }),
      h('div', { class: 'url muted' }, s.url), h('div', { class: 'mode muted' }, `${s.mode} mode, sends ${s.send}`)),
    h('td', { class: 'state' }, h('span', { class: 'badge state-' + s.state }, s.state),
      s.replayFrom !== null && s.replayFrom !== undefined
        ? h('div', { class: 'muted replay-pending' }, `replay from ${s.replayFrom} requested`) : null),
    h('td', { class: 'nowrap' }, s.replica || none()),
    h('td', { class: 'num' }, `${count(s.cursor)} / ${count(s.head)}`),
    h('td', { class: 'num lag' }, `${count(s.lagEntries)} ${s.lagEntries === 1 ? 'entry' : 'entries'}`,
      h('div', { class: 'muted' }, duration(s.lagSeconds))),
    h('td', { class: 'num delivered', title: s.lastDeliveredAt ? 'Last delivered ' + time(s.lastDeliveredAt) : null },
      count(s.delivered)),
    h('td', { class: 'num retries' }, count(s.retries)),
    h('td', { class: 'num dead-lettered' }, s.deadLettered
      ? link({ view: 'sinks', sink: s.name }, count(s.deadLettered), { 'aria-label': `${s.deadLettered} dead letters of ${s.name}` })
      : count(s.deadLettered)),
    h('td', { class: 'num skipped' }, count(s.skipped)),
    h('td', { class: 'last-error' }, s.lastError
      ? [h('span', { class: 'error-text' }, s.lastError), h('div', { class: 'muted' }, time(s.lastErrorAt))]
      : none()));
}

function controls(name, letters, answer, act) {
  const path = (rest) => sinkPath(name, rest);
  const replayAll = h('button', { type: 'button', id: 'replay-dead-letters', onclick: () => act(replayAll,
    () => post(path('dead-letters/replay')),
    (b) => `${count(b.requested)} dead ${b.requested === 1 ? 'letter' : 'letters'} will be resent before new changes.`) },
  'Replay dead letters');
  const from = h('input', { name: 'from', id: 'replay-from', required: true, size: 26, autocomplete: 'off',
    placeholder: 'e.g. 1200 or 2026-12-03T09:00:00Z' });
  const submit = h('button', { type: 'submit', class: 'secondary' }, 'Replay from…');
  const form = h('form', { class: 'filters', 'aria-label': 'Replay changes', onsubmit: (e) => {
    e.preventDefault();
    act(submit, () => post(path('replay'), { from: from.value.trim() }),
      (b) => `Delivery restarts at journal entry ${b.from}: every matching change from it on is sent again.`);
  } }, h('label', {}, 'Sequence number or RFC 3339 time', from), submit);
  return h('section', { 'aria-labelledby': 'sink-detail-title', id: 'sink-detail', 'data-sink': name },
    h('h2', { id: 'sink-detail-title' }, `Sink ${name}`, ' ', link({ view: 'sinks' }, 'Close', { class: 'close' })),
    h('div', { class: 'sink-actions' }, replayAll, form),
    answer,
    letters);
}

function deadLetterList(name, page, params, versions, replayOne) {
  const here = { view: 'sinks', sink: name };
  const rows = page.items.map((d) => {
    const replay = h('button', { type: 'button', class: 'secondary', 'aria-label': `Replay dead letter ${d.seq}`,
      onclick: () => replayOne(replay, d.seq) }, 'Replay');
    return h('tr', { 'data-seq': d.seq, 'data-name': d.name },
      h('td', { class: 'num' }, d.seq),
      h('td', {}, time(d.failedAt)),
      h('td', {}, d.cluster),
      h('td', {}, objectLink(d, versions)),
      h('td', { class: 'type-' + d.eventType }, h('span', { class: 't' }, d.eventType)),
      h('td', { class: 'num attempts' }, count(d.attempts)),
      h('td', {}, d.status === null || d.status === undefined ? none() : String(d.status)),
      h('td', { class: 'last-error' }, d.error || none()),
      h('td', {}, d.replayRequested ? h('span', { class: 'chip' }, 'replay requested') : replay));
  });
  return [
    h('h3', {}, 'Dead letters'),
    page.items.length
      ? table(['Seq', 'Failed', 'Cluster', 'Object', 'Change', num('Attempts'), 'Status', 'Error', ''], rows,
        { id: 'dead-letter-list' })
      : h('p', { class: 'muted', id: 'dead-letters-empty' }, params.after
        ? 'No more dead letters.'
        : 'No dead letters: every change this sink took was accepted, or is still being retried.'),
    h('div', { class: 'pager' },
      params.after ? link(here, 'First page', { class: 'first-page' }) : null,
      page.next !== null && page.next !== undefined
        ? link({ ...here, after: page.next }, 'Next page', { class: 'next-page' }) : null,
      h('span', { class: 'muted' }, `${page.items.length} shown`)),
  ];
}

/** The object a dead letter names, linked to its view when its cluster serves that group and kind. */
function objectLink(d, versions) {
  const text = `${d.kind} ${d.namespace ? d.namespace + '/' : ''}${d.name}`;
  const apiVersion = versions.get(d.cluster) && versions.get(d.cluster).get((d.group || '') + '/' + d.kind);
  if (!apiVersion) return text;
  return link({ view: 'object', cluster: d.cluster, apiVersion, kind: d.kind, namespace: d.namespace || '', name: d.name },
    text);
}
