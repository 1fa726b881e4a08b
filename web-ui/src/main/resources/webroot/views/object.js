// One object: metadata, labels, owners, its relationships (views/relations.js), the full YAML (optionally as it was at a chosen time), and its history.
import { get } from '../api.js';
import { navigate } from '../router.js';
import { historySection } from './history.js';
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

  const historyView = historySection(id, history, ctx);

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

function toLocalInput(iso) {
  const d = new Date(iso);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
