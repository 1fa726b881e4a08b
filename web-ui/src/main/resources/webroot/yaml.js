// Renders JSON values as YAML for reading (not for round-tripping every edge of the YAML spec).
const PLAIN = /^[A-Za-z0-9_./-][A-Za-z0-9_ ./:-]*$/;
const RESERVED = /^(true|false|null|yes|no|on|off|~|-?[0-9.]+(e[0-9]+)?)$/i;

function scalar(v) {
  if (v === null) return 'null';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const s = String(v);
  if (s !== '' && PLAIN.test(s) && !RESERVED.test(s) && !s.endsWith(' ') && !s.includes(': ')) return s;
  return JSON.stringify(s);
}

function key(k) {
  return PLAIN.test(k) && !RESERVED.test(k) && !k.includes(': ') ? k : JSON.stringify(k);
}

function lines(v, indent) {
  const pad = '  '.repeat(indent);
  if (Array.isArray(v)) {
    if (v.length === 0) return [pad + '[]'];
    return v.flatMap((item) => {
      const inner = lines(item, indent + 1);
      return [pad + '- ' + inner[0].trimStart(), ...inner.slice(1)];
    });
  }
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v);
    if (entries.length === 0) return [pad + '{}'];
    return entries.flatMap(([k, val]) => {
      if (typeof val === 'string' && val.includes('\n')) {
        return [pad + key(k) + ': |', ...val.replace(/\n$/, '').split('\n').map((l) => pad + '  ' + l)];
      }
      if (val !== null && typeof val === 'object' && (Array.isArray(val) ? val.length : Object.keys(val).length)) {
        return [pad + key(k) + ':', ...lines(val, Array.isArray(val) ? indent : indent + 1)];
      }
      return [pad + key(k) + ': ' + lines(val, 0)[0].trimStart()];
    });
  }
  return [pad + scalar(v)];
}

export function toYaml(value) {
  return lines(value, 0).join('\n') + '\n';
}
