// A stand-in for the platform's HTTP API in component tests: routes "METHOD /path" to answers,
// records every request, and speaks the API's JSON and error shapes.
import { vi } from 'vitest';

export interface RecordedRequest {
  method: string;
  path: string;
  /** The query string with its "?", or "" (routes match on the path alone). */
  query: string;
  headers: Record<string, string>;
  body: unknown;
}

type Reply = { status: number; body?: unknown };
type Handler = Reply | ((request: RecordedRequest) => Reply | Promise<Reply>);

export const ok = (body: unknown, status = 200): Reply => ({ status, body });
/** A one-page answer of a paginated list ({count, next, previous, results}). */
export const okPage = (results: unknown[]): Reply => ok({ count: results.length, next: null, previous: null, results });
export const apiError = (status: number, code: string, message: string, details: Record<string, unknown> = {}): Reply => ({
  status,
  body: { error: { code, message, details } },
});

export function fakeApi(routes: Record<string, Handler>) {
  const requests: RecordedRequest[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(input instanceof Request ? input.url : input, 'http://localhost');
    const method = (init.method ?? 'GET').toUpperCase();
    const headers = { ...(init.headers as Record<string, string> | undefined) };
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : init.body;
    const request = { method, path: url.pathname, query: url.search, headers, body };
    requests.push(request);
    const handler = routes[`${method} ${url.pathname}`];
    if (!handler) return new Response(JSON.stringify({ error: { code: 'not_found', message: 'Not found.', details: {} } }), { status: 404 });
    const reply = typeof handler === 'function' ? await handler(request) : handler;
    const text = reply.body === undefined ? null : JSON.stringify(reply.body);
    return new Response(text, { status: reply.status, headers: { 'Content-Type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fetchMock);
  return { requests, fetchMock };
}
