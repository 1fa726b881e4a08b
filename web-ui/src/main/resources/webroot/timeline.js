// The "what changed" timeline: an SVG with one band per cluster, one row per object, and a mark per
// change along a time axis, coloured by type (added, modified, deleted) and hollow when a modification
// touched only /status. Built from /changes entries; every label is text, never markup.
const SVG = 'http://www.w3.org/2000/svg';
const LEFT = 260; // room for the row labels
const ROW = 16;
const BAND_GAP = 22;
const AXIS = 26;

function s(tag, attrs = {}, text) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) el.setAttribute(k, v);
  if (text !== undefined) el.textContent = text;
  return el;
}

/** Whether an entry is a modification known to have touched only /status. */
export function statusOnly(c) {
  return c.type === 'MODIFIED' && Array.isArray(c.changed) && c.changed.length > 0
    && c.changed.every((p) => p === '/status' || p.startsWith('/status/'));
}

/**
 * The SVG for entries between from and to (Dates): bands by cluster (sorted), rows by object in the
 * order of their first change, at most maxRows rows (the rest counted in the caption).
 */
export function timeline(entries, from, to, { width = 1100, maxRows = 300 } = {}) {
  const bands = new Map();
  let rows = 0;
  let dropped = 0;
  for (const c of entries) {
    if (!bands.has(c.cluster)) bands.set(c.cluster, new Map());
    const objects = bands.get(c.cluster);
    const key = `${c.apiVersion}/${c.kind}/${c.namespace || ''}/${c.name}`;
    if (!objects.has(key)) {
      if (rows >= maxRows) { dropped++; continue; }
      objects.set(key, { c, marks: [] });
      rows++;
    }
    objects.get(key).marks.push(c);
  }
  const clusters = [...bands.keys()].sort();
  const height = AXIS + clusters.length * BAND_GAP + rows * ROW + 8;
  const span = Math.max(1, to - from);
  const x = (iso) => LEFT + ((new Date(iso) - from) / span) * (width - LEFT - 10);
  const svg = s('svg', { id: 'timeline', role: 'img', viewBox: `0 0 ${width} ${height}`, width, height,
    'aria-label': `Timeline of ${entries.length} changes to ${rows} objects in ${clusters.length} clusters` });
  // The axis: five ticks.
  for (let i = 0; i <= 4; i++) {
    const t = new Date(from.getTime() + (span * i) / 4);
    const tx = LEFT + (i / 4) * (width - LEFT - 10);
    svg.append(s('line', { x1: tx, x2: tx, y1: AXIS - 6, y2: height, class: 'tl-grid' }));
    svg.append(s('text', { x: tx, y: 14, class: 'tl-tick', 'text-anchor': i === 0 ? 'start' : i === 4 ? 'end' : 'middle' },
      t.toLocaleString(undefined, span < 15 * 60e3
        ? { hour: '2-digit', minute: '2-digit', second: '2-digit' }
        : { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' })));
  }
  let y = AXIS;
  for (const cluster of clusters) {
    const objects = bands.get(cluster);
    const band = s('g', { class: 'tl-band', 'data-cluster': cluster });
    band.append(s('rect', { x: 0, y, width, height: BAND_GAP + objects.size * ROW - 4, class: 'tl-band-bg' }));
    band.append(s('text', { x: 6, y: y + 15, class: 'tl-cluster' }, cluster));
    y += BAND_GAP;
    for (const { c, marks } of objects.values()) {
      const row = s('g', { class: 'tl-row', 'data-name': c.name });
      const label = `${c.kind} ${c.name}`;
      const text = s('text', { x: 14, y: y + 11, class: 'tl-label' }, label.length > 38 ? label.slice(0, 37) + '…' : label);
      text.append(s('title', {}, `${c.kind} ${c.namespace ? c.namespace + '/' : ''}${c.name}`));
      row.append(text);
      row.append(s('line', { x1: LEFT, x2: width - 10, y1: y + 7, y2: y + 7, class: 'tl-track' }));
      for (const m of marks) {
        const kind = m.type.toLowerCase() + (statusOnly(m) ? ' status' : ' spec');
        const mark = s('rect', { x: x(m.observedAt) - 3, y: y + 2, width: 6, height: 10, rx: 2,
          class: 'tl-mark ' + kind, 'data-type': m.type, 'data-seq': m.seq });
        const paths = Array.isArray(m.changed) ? ' ' + m.changed.join(', ') : '';
        mark.append(s('title', {}, `${m.type} ${new Date(m.observedAt).toLocaleString()}${paths}`));
        row.append(mark);
      }
      band.append(row);
      y += ROW;
    }
    svg.append(band);
  }
  return { svg, rows, dropped };
}
