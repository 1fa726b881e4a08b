// The AllKinds UI: one page, one view per URL (the filters live in the query string).
import { clearError, showError } from './errors.js';
import { start } from './router.js';
import { overview } from './views/overview.js';
import { matrix } from './views/matrix.js';
import { inventory } from './views/inventory.js';
import { objectView } from './views/object.js';
import { live } from './views/live.js';
import { sinks } from './views/sinks.js';
import { changes } from './views/changes.js';
import { drift, compare } from './views/drift.js';

const VIEWS = { overview, matrix, inventory, object: objectView, live, sinks, changes, drift, compare };
const main = document.getElementById('main');

async function render({ name, params }, ctx, how) {
  document.querySelectorAll('header nav a').forEach((a) => {
    if (a.dataset.view === name || (name === 'object' && a.dataset.view === 'inventory')
      || (name === 'compare' && a.dataset.view === 'drift')) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  clearError();
  main.replaceChildren(Object.assign(document.createElement('p'), { className: 'loading', textContent: 'Loading…' }));
  main.dataset.view = name;
  main.dataset.state = 'loading';
  if (how === 'link') main.focus();
  try {
    const view = await VIEWS[name](params, ctx);
    if (!ctx.isCurrent()) return;
    main.replaceChildren(view);
    main.dataset.state = 'ready';
  } catch (e) {
    if (!ctx.isCurrent()) return;
    main.replaceChildren();
    main.dataset.state = 'error';
    showError(e);
  }
}

start(VIEWS, 'overview', render);
