// The AllKinds UI: one page, one view per URL (the filters live in the query string).
import { ApiError } from './api.js';
import { overview } from './views/overview.js';
import { matrix } from './views/matrix.js';
import { inventory } from './views/inventory.js';
import { objectView } from './views/object.js';
import { live } from './views/live.js';

const VIEWS = { overview, matrix, inventory, object: objectView, live };
const main = document.getElementById('main');
const errorBox = document.getElementById('error');
let cleanup = null;
let generation = 0;

export function showError(e) {
  errorBox.textContent = e instanceof ApiError ? e.message : 'Unexpected error: ' + e.message;
  errorBox.hidden = false;
}

function clearError() {
  errorBox.hidden = true;
  errorBox.textContent = '';
}

export function navigate(params, replace = false) {
  const url = '?' + new URLSearchParams(params).toString();
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  render();
}

async function render() {
  const params = Object.fromEntries(new URLSearchParams(location.search));
  const name = VIEWS[params.view] ? params.view : 'overview';
  document.querySelectorAll('header nav a').forEach((a) => {
    if (a.dataset.view === name || (name === 'object' && a.dataset.view === 'inventory')) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  if (cleanup) cleanup();
  cleanup = null;
  clearError();
  const mine = ++generation;
  main.replaceChildren(Object.assign(document.createElement('p'), { className: 'loading', textContent: 'Loading…' }));
  main.dataset.view = name;
  main.dataset.state = 'loading';
  try {
    const view = await VIEWS[name](params, { isCurrent: () => mine === generation, onLeave: (f) => { cleanup = f; } });
    if (mine !== generation) return;
    main.replaceChildren(view);
    main.dataset.state = 'ready';
  } catch (e) {
    if (mine !== generation) return;
    main.replaceChildren();
    main.dataset.state = 'error';
    showError(e);
  }
}

document.addEventListener('click', (e) => {
  const a = e.target.closest('a[data-nav]');
  if (!a || e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
  e.preventDefault();
  history.pushState(null, '', a.getAttribute('href'));
  render();
  main.focus();
});
window.addEventListener('popstate', render);
render();
