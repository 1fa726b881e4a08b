// The router: the query string names the view and its filters. Views and app.js import it; it imports
// no view (app.js hands it the routes), so no module imports one that imports it back.

let routes = {};
let fallback = null;
let show = () => {};
let visit = null;

/** The view name and parameters of the current URL; an unknown view is the fallback route. */
export function currentRoute() {
  const params = Object.fromEntries(new URLSearchParams(location.search));
  return { name: Object.hasOwn(routes, params.view) ? params.view : fallback, params };
}

/** Goes to the view the parameters name, as a new history entry (or in place of the current one). */
export function navigate(params, replace = false) {
  const url = '?' + new URLSearchParams(params).toString();
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  route();
}

/**
 * Starts routing: calls render(route, ctx, how) for the current URL now and after every navigation.
 * ctx.isCurrent() says whether the user is still on that visit (an answer that arrives after they
 * left must not render); ctx.onLeave(f) runs f when they leave it (at once if they already have).
 * how is 'start', 'link' (a click on an app link), 'navigate' or 'history' (back and forward).
 */
export function start(table, fallbackName, render) {
  routes = table;
  fallback = fallbackName;
  show = render;
  document.addEventListener('click', (e) => {
    const a = e.target.closest('a[data-nav]');
    if (!a || e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    history.pushState(null, '', a.getAttribute('href'));
    route('link');
  });
  window.addEventListener('popstate', () => route('history'));
  route('start');
}

function route(how = 'navigate') {
  if (visit) visit.leave();
  visit = newVisit();
  show(currentRoute(), visit.ctx, how);
}

function newVisit() {
  const leaving = [];
  let left = false;
  return {
    ctx: {
      isCurrent: () => !left,
      onLeave: (f) => {
        if (left) f();
        else leaving.push(f);
      },
    },
    leave: () => {
      left = true;
      leaving.splice(0).forEach((f) => f());
    },
  };
}
