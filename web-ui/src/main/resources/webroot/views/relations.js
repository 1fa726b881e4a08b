// An object's neighbourhood as a tree, for the object view: its owners above it, what it owns below
// (Deployment -> ReplicaSets -> Pods, with their states), and the other objects it names or that name it.
import { get } from '../api.js';
import { h, link } from '../dom.js';

// How the object view lists the relations other than ownership, from the root's side.
const NAMES = { node: 'Node', service_account: 'Service account', config_map: 'Config maps', secret: 'Secrets',
  claim: 'Claims', volume: 'Volume', backend: 'Backends', selects: 'Selects', defines: 'Defines' };
const NAMED_BY = { node: 'Pods on it', service_account: 'Used by', config_map: 'Used by', secret: 'Used by',
  claim: 'Mounted by', volume: 'Bound by', backend: 'Routed to by', selects: 'Selected by', defines: 'Defined by' };

/**
 * The "Relationships" section for one object ({cluster, apiVersion, kind, namespace, name}), now or as of
 * asOf (the object view's own as-of). Loads on its own, so the rest of the view does not wait for it.
 */
export function relationsSection(id, asOf) {
  const body = h('div', { id: 'relations', 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Loading…'));
  const section = h('section', { class: 'relations' }, h('h2', {}, 'Relationships'), body);
  get('api/v1/relations', { ...id, asOf, depth: 3 })
    .then((g) => { body.replaceChildren(...render(g, asOf)); })
    .catch((e) => { body.replaceChildren(h('p', { class: 'muted' }, e.message)); })
    .finally(() => body.removeAttribute('aria-busy'));
  return section;
}

function render(g, asOf) {
  const nodes = new Map(g.nodes.map((n) => [n.id, n]));
  const root = nodes.get(g.root);
  const owners = g.edges.filter((e) => e.relation === 'owner');
  const ownerOf = (id) => owners.filter((e) => e.from === id).map((e) => e.to);
  const ownedBy = (id) => owners.filter((e) => e.to === id).map((e) => e.from);

  // The owner chain, from the root owner down to the object (the first owner at each level).
  const chain = [];
  const seen = new Set([g.root]);
  for (let up = ownerOf(g.root)[0]; up && !seen.has(up); up = ownerOf(up)[0]) {
    seen.add(up);
    chain.unshift(up);
  }
  const drawn = new Set([...chain, g.root]);
  function subtree(id, depth) {
    const children = ownedBy(id).filter((c) => !drawn.has(c));
    children.forEach((c) => drawn.add(c));
    if (!children.length || depth > 6) return null;
    return h('ul', {}, children.map((c) => h('li', {}, item(nodes.get(c), asOf), subtree(c, depth + 1))));
  }
  let tree = h('li', { class: 'root' }, item(root, asOf, true), subtree(g.root, 0));
  for (let i = chain.length - 1; i >= 0; i--) tree = h('li', {}, item(nodes.get(chain[i]), asOf), h('ul', {}, tree));
  const out = [h('ul', { class: 'relation-tree', id: 'relation-tree' }, tree)];

  // Other owners, and every relation other than ownership, grouped by how they relate to the object.
  const groups = new Map();
  const add = (label, id) => {
    if (!nodes.has(id) || id === g.root) return;
    if (!groups.has(label)) groups.set(label, []);
    if (!groups.get(label).includes(id)) groups.get(label).push(id);
  };
  owners.filter((e) => !drawn.has(e.to) && e.from === g.root).forEach((e) => add('Other owners', e.to));
  for (const e of g.edges) {
    if (e.relation === 'owner') continue;
    if (e.from === g.root) add(NAMES[e.relation] || e.relation, e.to);
    else if (e.to === g.root) add(NAMED_BY[e.relation] || e.relation, e.from);
  }
  if (groups.size) {
    out.push(h('dl', { class: 'relation-others', id: 'relation-others' },
      [...groups].flatMap(([label, ids]) => [h('dt', {}, label),
        h('dd', {}, h('ul', {}, ids.map((i) => h('li', {}, item(nodes.get(i), asOf)))))])));
  }
  if (g.defines) {
    out.push(h('p', { class: 'muted' }, `${g.defines.count} ${g.defines.kind} object${g.defines.count === 1 ? '' : 's'} (${g.defines.apiVersion})`
      + (g.defines.count > groups.get('Defines')?.length ? `, the first ${groups.get('Defines').length} listed` : '')));
  }
  if (g.truncated) out.push(h('p', { class: 'muted', id: 'relations-truncated' }, 'Not every relationship is shown: the neighbourhood is larger than the view takes.'));
  if (chain.length === 0 && drawn.size === 1 && !groups.size) out.push(h('p', { class: 'muted' }, 'No relationships.'));
  return out;
}

function item(n, asOf, isRoot = false) {
  const name = `${n.kind} ${n.namespace ? n.namespace + '/' : ''}${n.name}`;
  const label = isRoot ? h('strong', {}, name)
    : n.missing ? h('span', { class: 'muted', title: 'Named, but not stored' }, name)
      : link({ view: 'object', cluster: n.cluster, apiVersion: n.apiVersion, kind: n.kind, namespace: n.namespace,
        name: n.name, asOf }, name, { 'data-id': n.id });
  return h('span', { class: 'relation-node', 'data-id': n.id }, label,
    n.state ? h('span', { class: 'chip node-state' }, n.state) : null,
    n.deleted ? h('span', { class: 'chip deleted' }, 'deleted') : null,
    n.missing ? h('span', { class: 'muted' }, ' (not stored)') : null);
}
