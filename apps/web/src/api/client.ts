import type { ApiError, FieldError } from '@app/contracts';

/**
 * A failed call: `status` 0 means the network failed before any answer. `body` is the API's error shape when
 * the server answered with one.
 */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError | null,
  ) {
    super(body ? (Array.isArray(body.message) ? body.message.join('; ') : body.message) : `HTTP ${status}`);
  }

  get fieldErrors(): FieldError[] {
    return this.body?.errors ?? [];
  }

  get isNetwork(): boolean {
    return this.status === 0;
  }
}

export interface RequestOptions {
  body?: unknown;
  /** A coordinator's or an applicant's bearer token. */
  token?: string | null;
  signal?: AbortSignal;
}

async function send(method: string, path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
      cache: 'no-store',
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiRequestError(0, null);
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as ApiError | null;
    throw new ApiRequestError(response.status, body);
  }
  return response;
}

/** Calls the JSON API; resolves with the parsed answer (undefined for 204). */
export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(method, path, options);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** Fetches a file the API makes (a CSV) with the caller's token, as a Blob to save. */
export async function download(path: string, options: RequestOptions = {}): Promise<Blob> {
  return (await send('GET', path, options)).blob();
}
