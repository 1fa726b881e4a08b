// The public HTTP API, and nothing else: every view is built from these calls.
export class ApiError extends Error {}

const TOKEN_KEY = 'allkinds.token';

/** The bearer token the user gave for this tab, if the server asked for one. */
export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function get(path, params = {}) {
  return request('GET', path, params);
}

/** A POST without a body (its parameters in the query string), for the API's few actions. */
export function post(path, params = {}) {
  return request('POST', path, params);
}

async function request(method, path, params, retried = false) {
  const url = new URL(path, window.location.href);
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) v.forEach((x) => url.searchParams.append(k, x));
    else url.searchParams.set(k, v);
  }
  let res;
  try {
    res = await fetch(url, { method, ...(token() ? { headers: { Authorization: 'Bearer ' + token() } } : {}) });
  } catch (e) {
    throw new ApiError('The AllKinds server cannot be reached: ' + e.message);
  }
  const body = await res.json().catch(() => null);
  if (res.status === 401 && !retried) {
    const given = window.prompt('This AllKinds server needs an API token:');
    if (given) {
      sessionStorage.setItem(TOKEN_KEY, given.trim());
      return request(method, path, params, true);
    }
  }
  if (!res.ok) {
    const err = new ApiError(body && body.message ? body.message : `${res.status} ${res.statusText}`);
    err.status = res.status;
    throw err;
  }
  return body;
}
