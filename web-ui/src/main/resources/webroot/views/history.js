// An object's history, newest first: each change with what it touched, who made it and its patch.
// Bookkeeping (resourceVersion, generation, managedFields) is left out of the patches unless asked
// for, and status-only changes can be hidden.
import { get } from '../api.js';
import { showError } from '../errors.js';
import { renderPatch } from '../diff.js';
import { h, link, time } from '../dom.js';

// The API's largest history page; the history pages oldest first, so more pages hold newer changes.
const HISTORY_PAGE = 1000;

/** The history section of the object {@code id}: its first page is {@code first}. */
export function historySection(id, first, ctx) {
  const section = h('div', { id: 'history-section' });
  const bookkeeping = h('input', { type: 'checkbox', id: 'history-bookkeeping' });
  const statusOnly = h('input', { type: 'checkbox', id: 'history-hide-status' });
  const controls = h('p', { class: 'filters history-controls' },
    h('label', {}, statusOnly, ' Hide status-only changes'), ' ',
    h('label', {}, bookkeeping, ' Show bookkeeping (resourceVersion, generation, managedFields)'));
  const body = h('div', {});
  section.append(controls, body);

  const page = (after) => get('api/v1/history',
    { ...id, limit: HISTORY_PAGE, after, bookkeeping: bookkeeping.checked ? 'true' : undefined });
  const apply = () => body.classList.toggle('hide-status-only', statusOnly.checked);
  statusOnly.addEventListener('change', apply);
  bookkeeping.addEventListener('change', async () => {
    try {
      const fresh = await page();
      if (ctx.isCurrent()) body.replaceChildren(...timeline(id, fresh, page, ctx));
    } catch (e) {
      if (ctx.isCurrent()) showError(e);
    }
  });
  body.replaceChildren(...(first.error
    ? [h('h2', {}, 'History (0 changes)'), h('p', { class: 'muted' }, first.error)]
    : timeline(id, first, page, ctx)));
  return section;
}

/** Whether an entry changed nothing but status (or only bookkeeping). */
function onlyStatus(e) {
  return e.type === 'MODIFIED' && Array.isArray(e.changed)
    && e.changed.every((p) => p === '/status' || p.startsWith('/status/'));
}

function facts(e) {
  const parts = [];
  if (Array.isArray(e.changed)) {
    parts.push(h('span', { class: 'changed-paths' }, e.changed.length ? e.changed.join(', ') : 'bookkeeping only'));
  }
  const who = (e.actors || []).map((a) => a.manager + (a.subresource ? ` (${a.operation}, ${a.subresource})` : ` (${a.operation})`));
  if (who.length) parts.push(h('span', { class: 'actors' }, 'by ' + who.join(', ')));
  if (e.appliedBy) parts.push(h('span', { class: 'applied-by' }, 'applied by ' + e.appliedBy));
  return parts.length ? h('p', { class: 'facts' }, ...parts.flatMap((p, i) => (i ? [' · ', p] : [p]))) : null;
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
      const item = h('li', { class: 'type-' + e.type + (onlyStatus(e) ? ' status-only' : ''), 'data-seq': e.seq },
        h('strong', {}, e.type), ' ', h('span', { class: 'muted' }, `${time(e.observedAt)} · resourceVersion ${e.resourceVersion}`),
        ' ', link({ view: 'object', ...id, asOf: e.observedAt }, 'view this version'),
        facts(e),
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
