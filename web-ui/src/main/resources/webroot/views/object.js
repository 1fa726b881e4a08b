// One object: metadata, labels, owners, its relationships (views/relations.js), the full YAML (optionally as it was at a chosen time), and its history.
import { get } from '../api.js';
import { showError } from '../errors.js';
import { navigate } from '../router.js';
import { renderPatch } from '../diff.js';
import { h, labels, link, time } from '../dom.js';
import { toYaml } from '../yaml.js';
import { relationsSection } from './relations.js';

// The API's largest history page; the history pages oldest first, so more pages hold newer changes.
const HISTORY_PAGE = 1000;

export async function objectView(params, ctx) {
  const id = { cluster: params.cluster, apiVersion: params.apiVersion, kind: params.kind,
    namespace: params.namespace, name: params.name };
  const historyPage = (after) => get('api/v1/history', { ...id, limit: HISTORY_PAGE, after });
  const [obj, history] = await Promise.all([
    get('api/v1/object', { ...id, asOf: params.asOf }),
    historyPage().catch((e) => ({ error: e.message, items: [], next: null }))]);
  const m = obj.object.metadata || {};
  const owners = (m.ownerReferences || []).map((r) => h('li', {},
    link({ view: 'object', cluster: obj.cluster, apiVersion: r.apiVersion, kind: r.kind, namespace: obj.namespace || '',
      name: r.name }, `${r.kind} ${r.name}`), r.controller ? h('span', { class: 'muted' }, ' (controller)') : null));

  const asOfInput = h('input', { type: 'datetime-local', step: 1, name: 'asOf', 'aria-label': 'Show the object as it was at',
    value: params.asOf ? toLocalInput(params.asOf) : '' });
  const asOfForm = h('form', { class: 'filters', onsubmit: (e) => {
    e.preventDefault();
    const next = { view: 'object', ...id };
    if (asOfInput.value) next.asOf = new Date(asOfInput.value).toISOString();
    navigate(Object.fromEntries(Object.entries(next).filter(([, v]) => v)));
  } }, h('label', {}, 'As of', asOfInput), h('button', { type: 'submit' }, 'Show'),
  params.asOf ? link({ view: 'object', ...id }, 'Back to now', { class: 'now' }) : null);

  const historyView = history.error
    ? [h('h2', {}, 'History (0 changes)'), h('p', { class: 'muted' }, history.error)]
    : timeline(id, history, historyPage, ctx);

  return h('section', {},
    h('h1', {}, `${obj.kind} ${obj.namespace ? obj.namespace + '/' : ''}${obj.name}`),
    h('p', { class: 'muted' }, `${obj.cluster} · ${obj.apiVersion}`, params.asOf ? ` · as of ${time(params.asOf)}` : '',
      obj.deleted ? ' · deleted' : ''),
    asOfForm,
    h('p', { class: 'object-links' }, link({ view: 'drift', apiVersion: obj.apiVersion, kind: obj.kind,
      namespace: obj.namespace || '', name: obj.name }, 'Compare across clusters', { id: 'compare-clusters' })),
    h('div', { class: 'columns' },
      h('div', {},
        h('h2', {}, 'Metadata'),
        h('dl', { class: 'meta' },
          h('dt', {}, 'Cluster'), h('dd', {}, obj.cluster),
          h('dt', {}, 'Namespace'), h('dd', {}, obj.namespace || '—'),
          h('dt', {}, 'UID'), h('dd', {}, obj.uid),
          h('dt', {}, 'Resource version'), h('dd', {}, obj.resourceVersion),
          h('dt', {}, 'Created'), h('dd', {}, time(obj.createdAt)),
          h('dt', {}, 'Observed'), h('dd', {}, time(obj.observedAt))),
        h('h2', {}, 'Labels'), Object.keys(obj.labels || {}).length ? h('div', {}, labels(obj.labels)) : h('p', { class: 'muted' }, 'None.'),
        h('h2', {}, 'Owners'), owners.length ? h('ul', {}, owners) : h('p', { class: 'muted' }, 'None.'),
        relationsSection({ cluster: obj.cluster, apiVersion: obj.apiVersion, kind: obj.kind, namespace: obj.namespace || '',
          name: obj.name }, params.asOf),
        h('h2', {}, 'YAML'), h('pre', { class: 'yaml', id: 'yaml', tabindex: 0 }, toYaml(obj.object))),
      h('div', {}, historyView)));
}

/**
 * The history, newest first, from its first page; while the API has a next page, a button loads it
 * (newer changes) on top. Each patch is shown against the entry before it, the last one of the page
 * before for a page's first entry.
 */
function timeline(id, first, historyPage, ctx) {
  const heading = h('h2', {});
  const list = h('ol', { class: 'timeline', id: 'history' });
  const button = h('button', { type: 'button', class: 'secondary', id: 'history-newer', onclick: loadNewer },
    'Load newer changes');
  const more = h('p', { id: 'history-more' }, h('span', { class: 'muted' }, 'Newer changes exist. '), button);
  let previous = null;
  let shown = 0;
  let next = null;

  function add(page) {
    const items = page.items.map((e) => {
      const item = h('li', { class: 'type-' + e.type, 'data-seq': e.seq },
        h('strong', {}, e.type), ' ', h('span', { class: 'muted' }, `${time(e.observedAt)} · resourceVersion ${e.resourceVersion}`),
        ' ', link({ view: 'object', ...id, asOf: e.observedAt }, 'view this version'),
        renderPatch(e.patch, previous));
      previous = e.object;
      return item;
    });
    list.prepend(...items.reverse());
    shown += page.items.length;
    next = page.next;
    heading.textContent = next === null ? `History (${shown} changes)` : `History (the oldest ${shown} changes)`;
    more.hidden = next === null;
  }

  async function loadNewer() {
    button.disabled = true;
    try {
      const page = await historyPage(next);
      if (ctx.isCurrent()) add(page);
    } catch (e) {
      if (ctx.isCurrent()) showError(e);
    } finally {
      button.disabled = false;
    }
  }

  add(first);
  return [heading, more, list];
}

function toLocalInput(iso) {
  const d = new Date(iso);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
