// The one way the app talks HTTP to the platform: same-origin cookies, the CSRF header on
// writes, and the API's single error shape turned into ApiError.

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown>;

  constructor(status: number, code: string, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** The sign-in is missing or has expired (the server no longer knows this browser). */
  get isUnauthenticated(): boolean {
    return this.status === 401 || this.code === 'not_authenticated';
  }

  /** Messages per form field from a validation error, e.g. {password: ["Too short."]}. */
  fieldMessages(field: string): string[] {
    const value = this.details[field];
    return Array.isArray(value) ? value.map(String) : [];
  }
}

/** The request never got an answer: connection refused or dropped, or the browser is offline. */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super('The connection to the server was lost.', { cause });
    this.name = 'NetworkError';
  }
}

type UnauthenticatedListener = () => void;
const unauthenticatedListeners = new Set<UnauthenticatedListener>();

/** Called whenever the server says the sign-in is gone, so the app can say "session expired". */
export function onUnauthenticated(listener: UnauthenticatedListener): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

function readCookie(name: string): string {
  const prefix = `${name}=`;
  const match = document.cookie.split('; ').find((part) => part.startsWith(prefix));
  return match ? decodeURIComponent(match.slice(prefix.length)) : '';
}

export interface RequestOptions {
  /** Sent as JSON, unless it is already a body the browser sends as is (Blob, FormData). */
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Auth calls that are expected to fail when signed out do not announce an expiry. */
  quietUnauthenticated?: boolean;
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

function encodeBody(body: unknown, headers: Record<string, string>): BodyInit | undefined {
  if (body === undefined) return undefined;
  if (body instanceof Blob || body instanceof FormData) return body;
  headers['Content-Type'] = 'application/json';
  return JSON.stringify(body);
}

async function errorFrom(response: Response): Promise<ApiError> {
  let payload: unknown = null;
  try {
    payload = await response.json();
  } catch {
    // Not JSON (a proxy's error page): fall through to a message from the status.
  }
  const error = (payload as { error?: { code?: string; message?: string; details?: unknown } } | null)
    ?.error;
  if (error && typeof error.message === 'string') {
    const details =
      error.details && typeof error.details === 'object'
        ? (error.details as Record<string, unknown>)
        : {};
    return new ApiError(response.status, error.code ?? 'error', error.message, details);
  }
  return new ApiError(
    response.status,
    'http_error',
    `The server answered ${response.status} ${response.statusText}.`.trim(),
  );
}

export async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (method !== 'GET') headers['X-CSRFToken'] = readCookie('csrftoken');
  const body = encodeBody(options.body, headers);
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (cause) {
    if (options.signal?.aborted) throw cause;
    throw new NetworkError(cause);
  }
  if (!response.ok) {
    const error = await errorFrom(response);
    if (error.isUnauthenticated && !options.quietUnauthenticated) {
      unauthenticatedListeners.forEach((listener) => listener());
    }
    throw error;
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** Failures worth retrying: the connection, a timeout, or the server being briefly unwell. */
export function isTransient(error: unknown): boolean {
  if (error instanceof NetworkError) return true;
  return error instanceof ApiError && (error.status >= 500 || error.status === 408 || error.status === 429);
}

export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}
