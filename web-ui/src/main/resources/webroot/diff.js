// Renders an RFC 6902 JSON Patch against the previous version: removals red, additions green.
import { h } from './dom.js';

function at(doc, pointer) {
  if (pointer === '') return doc;
  return pointer.slice(1).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((v, k) => (v === undefined || v === null ? undefined : v[k]), doc);
}

function show(v) {
  return v === undefined ? '' : JSON.stringify(v);
}

export function renderPatch(patch, previous) {
  if (!patch) return h('p', { class: 'muted' }, 'First version.');
  if (patch.length === 0) return h('p', { class: 'muted' }, 'No change in content.');
  return h('div', { class: 'diff' }, patch.flatMap((op) => {
    switch (op.op) {
      case 'add': return [h('div', { class: 'op-add' }, `+ ${op.path}: ${show(op.value)}`)];
      case 'remove': return [h('div', { class: 'op-remove' }, `- ${op.path}: ${show(at(previous, op.path))}`)];
      case 'replace': return [
        h('div', { class: 'op-replace-old' }, `- ${op.path}: ${show(at(previous, op.path))}`),
        h('div', { class: 'op-replace-new' }, `+ ${op.path}: ${show(op.value)}`)];
      case 'move': return [h('div', { class: 'op-add' }, `~ ${op.from} → ${op.path}`)];
      case 'copy': return [h('div', { class: 'op-add' }, `+ ${op.path} (copy of ${op.from})`)];
      default: return [h('div', {}, JSON.stringify(op))];
    }
  }));
}
