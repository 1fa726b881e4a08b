// Inventory: objects across clusters, filtered and paged on the server, sortable by name and last change.
import { get } from '../api.js';
import { navigate } from '../router.js';
import { h, labels, link, table, time } from '../dom.js';

const FILTERS = ['cluster', 'kind', 'namespace', 'labelSelector', 'q'];

function objectLink(o) {
  return link({ view: 'object', cluster: o.cluster, apiVersion: o.apiVersion, kind: o.kind,
    namespace: o.namespace || '', name: o.name }, o.name);
}

export async function inventory(params) {
  const query = { limit: 50, sort: params.sort || 'key', continue: params.continue,
    includeDeleted: params.includeDeleted, group: params.group };
  FILTERS.forEach((f) => { query[f] = params[f]; });
  const [{ items: clusters }, page] = await Promise.all([get('api/v1/clusters'), get('api/v1/objects', query)]);

  const field = (name, label, attrs = {}) => h('label', {}, label,
    h('input', { name, value: params[name] || '', ...attrs }));
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter objects',
    onsubmit: (e) => {
      e.preventDefault();
      const data = new FormData(form);
      const next = { view: 'inventory' };
      for (const [k, v] of data.entries()) if (v) next[k] = v;
      if (params.group && data.get('kind') === params.kind) next.group = params.group;
      navigate(next);
    } },
  h('label', {}, 'Cluster', h('select', { name: 'cluster' }, h('option', { value: '' }, 'All clusters'),
    clusters.map((c) => h('option', { value: c.name, selected: c.name === params.cluster }, c.name)))),
  field('kind', 'Kind', { placeholder: 'e.g. Deployment', size: 14 }),
  field('namespace', 'Namespace', { size: 14 }),
  field('labelSelector', 'Label selector', { placeholder: 'app=web,tier in (a,b)', size: 22 }),
  field('q', 'Search', { type: 'search', placeholder: 'name, namespace or label', size: 18 }),
  h('label', {}, 'Sort', h('select', { name: 'sort' },
    [['key', 'Cluster, kind, name'], ['name', 'Name'], ['-lastChange', 'Last change']].map(([v, t]) =>
      h('option', { value: v, selected: (params.sort || 'key') === v }, t)))),
  h('button', { type: 'submit' }, 'Apply'));

  const rows = page.items.map((o) => h('tr', { 'data-name': o.name },
    h('td', {}, o.cluster),
    h('td', {}, o.kind, h('span', { class: 'muted' }, ' ' + o.apiVersion)),
    h('td', {}, o.namespace || h('span', { class: 'muted' }, '—')),
    h('td', {}, objectLink(o), o.deleted ? h('span', { class: 'chip' }, 'deleted') : null),
    h('td', {}, labels(o.labels)),
    h('td', {}, time(o.observedAt))));
  const here = { view: 'inventory', ...Object.fromEntries(FILTERS.map((f) => [f, params[f]])),
    sort: params.sort, group: params.group };
  return h('section', {},
    h('h1', {}, 'Inventory'),
    form,
    page.items.length
      ? table(['Cluster', 'Kind', 'Namespace', 'Name', 'Labels', 'Last change'], rows, { id: 'objects' })
      : h('p', { class: 'muted', id: 'objects-empty' }, 'No objects match these filters.'),
    h('div', { class: 'pager' },
      params.continue ? link(here, 'First page', { class: 'first-page' }) : null,
      page.continue ? link({ ...here, continue: page.continue }, 'Next page', { class: 'next-page' }) : null,
      h('span', { class: 'muted' }, `${page.items.length} shown`)));
}
