// Server-sent events over fetch, so the API token travels in the Authorization header (never in a
// URL, where proxies and logs would keep it). Reconnects with Last-Event-ID, as EventSource does.
import { token } from './api.js';

/**
 * Streams `path` (a URL) and calls onEvent(type, data) for each event; onState('live' | 'reconnecting' |
 * 'unauthorized') as the connection changes. Returns a function that closes the stream.
 */
export function openEvents(url, { onEvent, onState }) {
  const abort = new AbortController();
  let lastId = null;
  let closed = false;
  let delay = 1000;

  async function connect() {
    const headers = { Accept: 'text/event-stream' };
    if (token()) headers.Authorization = 'Bearer ' + token();
    if (lastId !== null) headers['Last-Event-ID'] = lastId;
    let res;
    try {
      res = await fetch(url, { headers, signal: abort.signal, cache: 'no-store' });
    } catch (e) {
      return retry();
    }
    if (res.status === 401) {
      onState('unauthorized');
      return undefined;
    }
    if (!res.ok || !res.body) return retry();
    onState('live');
    delay = 1000;
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          dispatch(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch (e) {
      // the connection broke: reconnect below
    }
    return retry();
  }

  function dispatch(block) {
    let type = 'message';
    const data = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') lastId = value;
      else if (field === 'event') type = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length) onEvent(type, data.join('\n'));
  }

  function retry() {
    if (closed) return undefined;
    onState('reconnecting');
    setTimeout(connect, delay);
    delay = Math.min(delay * 2, 15000);
    return undefined;
  }

  connect();
  return () => {
    closed = true;
    abort.abort();
  };
}
