// Fleet drift (?view=drift): every cluster's copy of one object grouped by content, the largest group
// first, each other group with how it differs from the largest, as a readable patch; status is left out
// unless the toggle says otherwise. Compare (?view=compare): one object in two clusters, or at two
// instants (left/right = cluster or cluster@time), as the patch from left to right.
import { get } from '../api.js';
import { navigate } from '../router.js';
import { renderPatch } from '../diff.js';
import { clean, h, link, time } from '../dom.js';

const IDENTITY = ['apiVersion', 'kind', 'namespace', 'name'];

function identity(params) {
  return Object.fromEntries(IDENTITY.map((k) => [k, params[k] || '']));
}

function title(id) {
  return `${id.kind} ${id.namespace ? id.namespace + '/' : ''}${id.name}`;
}

function objectLink(id, cluster, asOf) {
  return link(clean({ view: 'object', cluster, ...id, asOf }), cluster, { class: 'cluster-link' });
}

/** The identity form both views open with (the only content when the identity is incomplete). */
function identityForm(view, params, extra = []) {
  const field = (name, label, attrs = {}) => h('label', {}, label,
    h('input', { name, value: params[name] || '', ...attrs }));
  const form = h('form', { class: 'filters', 'aria-label': 'The object', onsubmit: (e) => {
    e.preventDefault();
    const next = { view };
    for (const [k, v] of new FormData(form).entries()) if (v) next[k] = v;
    navigate(next);
  } },
  field('apiVersion', 'API version', { placeholder: 'v1 or apps/v1', size: 12, required: true }),
  field('kind', 'Kind', { placeholder: 'e.g. ConfigMap', size: 14, required: true }),
  field('namespace', 'Namespace', { size: 14 }),
  field('name', 'Name', { size: 20, required: true }),
  extra,
  h('button', { type: 'submit' }, 'Show'));
  return form;
}

const complete = (id) => id.apiVersion && id.kind && id.name;

/** The object as a cluster has it now (or at asOf), for the old values of a patch; null if unreadable. */
async function objectBody(id, cluster, asOf) {
  try {
    return (await get('api/v1/object', { cluster, ...id, asOf })).object;
  } catch (e) {
    return null;
  }
}

export async function drift(params) {
  const id = identity(params);
  const ignoreStatus = params.ignoreStatus !== 'false';
  if (!complete(id)) {
    return h('section', {}, h('h1', {}, 'Drift across clusters'),
      h('p', { class: 'muted' }, 'Name an object to see how its copies differ from cluster to cluster.'),
      identityForm('drift', params));
  }
  const answer = await get('api/v1/drift', { ...id, ignoreStatus });
  const largest = answer.groups[0];
  const base = await objectBody(id, largest.clusters[0]);

  const toggle = h('input', { type: 'checkbox', id: 'ignore-status', checked: ignoreStatus,
    onchange: () => navigate(clean({ view: 'drift', ...id, ignoreStatus: toggle.checked ? '' : 'false' })) });

  const groups = answer.groups.map((g, i) => h('section', { class: 'drift-group' + (g.largest ? ' largest' : ''),
    'data-size': g.size, 'aria-label': `Group ${i + 1}` },
  h('h2', {}, `Group ${i + 1}`, ' ', h('span', { class: 'muted' },
    `${g.size} cluster${g.size === 1 ? '' : 's'}${g.largest ? ' · the largest' : ''}`)),
  h('p', { class: 'clusters' }, g.clusters.flatMap((c, j) => [j ? ', ' : '', objectLink(id, c)])),
  g.largest
    ? h('p', { class: 'muted' }, answer.groups.length === 1 ? 'Every copy has this content.' : 'The other groups are compared with this one.')
    : [h('p', { class: 'changed' }, 'Differs in ', g.changed.map((p) => h('span', { class: 'chip' }, p))),
      renderPatch(g.patch, base),
      h('p', {}, link(clean({ view: 'compare', ...id, left: largest.clusters[0], right: g.clusters[0],
        ignoreStatus: ignoreStatus ? 'true' : '' }), `Compare ${largest.clusters[0]} with ${g.clusters[0]}`,
      { class: 'compare-link' }))]));

  const clusters = [...answer.groups.flatMap((g) => g.clusters)].sort();
  const pick = (name, label, value) => h('label', {}, label, h('select', { name },
    clusters.map((c) => h('option', { value: c, selected: c === value }, c))));
  const compareForm = h('form', { class: 'filters', id: 'compare-pick', 'aria-label': 'Compare two clusters',
    onsubmit: (e) => {
      e.preventDefault();
      const data = new FormData(compareForm);
      navigate(clean({ view: 'compare', ...id, left: data.get('left'), right: data.get('right'),
        ignoreStatus: ignoreStatus ? 'true' : '' }));
    } },
  pick('left', 'Left', largest.clusters[0]),
  pick('right', 'Right', (answer.groups[1] || largest).clusters.at(-1)),
  h('button', { type: 'submit' }, 'Compare'));

  return h('section', { id: 'drift' },
    h('h1', {}, `Drift: ${title(id)}`),
    identityForm('drift', params),
    h('p', { class: 'drift-summary' }, h('strong', {}, answer.groups.length === 1 ? 'No drift' : `${answer.groups.length} variants`),
      ` across ${answer.clusters} cluster${answer.clusters === 1 ? '' : 's'} with a copy`,
      answer.missing.length ? ['; not in ', answer.missing.join(', ')] : '', '.'),
    h('p', {}, h('label', { class: 'toggle' }, toggle, ' Ignore status')),
    groups,
    h('h2', {}, 'Compare two copies'), compareForm);
}

/** A side as the API takes it: cluster, or cluster@time. */
function split(side) {
  const at = (side || '').indexOf('@');
  return at < 0 ? { cluster: side || '', asOf: '' } : { cluster: side.slice(0, at), asOf: side.slice(at + 1) };
}

function toLocalInput(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export async function compare(params) {
  const id = identity(params);
  const ignoreStatus = params.ignoreStatus === 'true';
  const left = split(params.left);
  const right = split(params.right);
  const { items } = await get('api/v1/clusters');
  const names = items.map((c) => c.name);

  const sideFields = (name, label, side) => [
    h('label', {}, label, h('select', { name }, h('option', { value: '' }, '—'),
      [...new Set([...names, side.cluster].filter((c) => c))].map((c) => h('option', { value: c, selected: c === side.cluster }, c)))),
    h('label', {}, `${label} as of (empty: now)`, h('input', { type: 'datetime-local', step: 1, name: name + 'At',
      value: toLocalInput(side.asOf) }))];
  const form = h('form', { class: 'filters', id: 'compare-form', 'aria-label': 'Compare', onsubmit: (e) => {
    e.preventDefault();
    const data = new FormData(form);
    const sideOf = (n) => {
      const at = data.get(n + 'At');
      return data.get(n) + (at ? '@' + new Date(at).toISOString() : '');
    };
    navigate(clean({ view: 'compare', apiVersion: data.get('apiVersion'), kind: data.get('kind'),
      namespace: data.get('namespace'), name: data.get('name'), left: sideOf('left'), right: sideOf('right'),
      ignoreStatus: data.get('ignoreStatus') ? 'true' : '' }));
  } },
  ['apiVersion', 'kind', 'namespace', 'name'].map((k) => h('input', { type: 'hidden', name: k, value: id[k] })),
  sideFields('left', 'Left', left), sideFields('right', 'Right', right),
  h('label', { class: 'toggle' }, h('input', { type: 'checkbox', name: 'ignoreStatus', id: 'compare-ignore-status',
    checked: ignoreStatus }), 'Ignore status'),
  h('button', { type: 'submit' }, 'Compare'));

  const head = [h('h1', {}, `Compare: ${title(id)}`),
    h('p', {}, link(clean({ view: 'drift', ...id }), 'Drift across all clusters', { id: 'drift-link' }))];
  if (!complete(id)) return h('section', {}, h('h1', {}, 'Compare'), identityForm('compare', params));
  if (!left.cluster || !right.cluster) return h('section', { id: 'compare' }, head, form);

  const [answer, base] = await Promise.all([
    get('api/v1/compare', { ...id, left: params.left, right: params.right, ignoreStatus }),
    objectBody(id, left.cluster, left.asOf || undefined)]);
  const describe = (s) => h('span', {}, objectLink(id, s.cluster, s.asOf), s.asOf ? ` as of ${time(s.asOf)}` : ' now',
    s.found ? h('span', { class: 'muted' }, ` · resourceVersion ${s.resourceVersion}`) : h('strong', {}, ' · not there'));
  return h('section', { id: 'compare' }, head, form,
    h('p', { class: 'compare-sides' }, 'From ', describe(answer.left), ' to ', describe(answer.right)),
    answer.identical
      ? h('p', { class: 'banner ok', id: 'compare-result' }, 'Identical (the ignored fields apart).')
      : h('div', { id: 'compare-result' },
        h('p', { class: 'changed' }, 'Differs in ', answer.changed.map((p) => h('span', { class: 'chip' }, p))),
        renderPatch(answer.patch, base)));
}
