// Lists the clusters from the public API and refreshes every five seconds.
const status = document.getElementById('status');
const table = document.getElementById('clusters');
const body = table.querySelector('tbody');

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text ?? '';
  if (className) td.className = className;
  return td;
}

async function refresh() {
  try {
    const res = await fetch('api/v1/clusters');
    const json = await res.json();
    if (!res.ok) throw new Error(json.message || res.statusText);
    body.replaceChildren(...json.items.map((c) => {
      const tr = document.createElement('tr');
      tr.append(cell(c.name), cell(c.state, 'state state-' + c.state), cell(c.message), cell(c.resourceTypes),
        cell(c.objects), cell(c.lastChangeAt ? new Date(c.lastChangeAt).toLocaleString() : '—'));
      return tr;
    }));
    table.hidden = false;
    status.textContent = json.items.length ? '' : 'No clusters configured.';
  } catch (e) {
    status.textContent = 'Cannot load clusters: ' + e.message;
  }
}

refresh();
setInterval(refresh, 5000);
