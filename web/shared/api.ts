import i18next from 'i18next';

/**
 * The web app's only way to the server: same-origin JSON over fetch. The session travels in an
 * HttpOnly cookie the page cannot read; unsafe requests carry the session's CSRF token, which the
 * page learns from the sign-in answer or from GET /v1/auth/sessions/current. Every request names the
 * language the page is shown in (Accept-Language): the holder's messages are written in it.
 */

/** An error answer from the API, in its `{ error: { code, message, details } }` envelope. */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: Record<string, unknown>;

  constructor(status: number, code: string, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

let csrfToken: string | null = null;

export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

/** Called when the server says the session is gone, so the app can ask the holder to sign in again. */
let onSessionLost: () => void = () => {};
export function whenSessionLost(handler: () => void) {
  onSessionLost = handler;
}

export async function api<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const language: Record<string, string> = i18next.language ? { 'accept-language': i18next.language } : {};
  const init: RequestInit = {
    method,
    credentials: 'same-origin',
    headers: { accept: 'application/json', ...language, ...headers },
  };
  if (method !== 'GET' && csrfToken) (init.headers as Record<string, string>)['x-csrf-token'] = csrfToken;
  if (body !== undefined) {
    (init.headers as Record<string, string>)['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(0, 'NETWORK', 'No connection to the server.');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON: a proxy's error page, say. Reported below as an unexpected answer.
  }
  if (!response.ok) {
    const error = (json as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | null)
      ?.error;
    const apiError = new ApiError(
      response.status,
      error?.code ?? 'UNEXPECTED',
      error?.message ?? `The server answered ${response.status}.`,
      error?.details ?? {},
    );
    if (apiError.code === 'UNAUTHENTICATED') onSessionLost();
    throw apiError;
  }
  return json as T;
}

/** A file as the API takes it: name, type and base64 content. */
export function readFileForUpload(
  file: File,
): Promise<{ filename: string; contentType: string; contentBase64: string }> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(new Error('The file could not be read.'));
    reader.onload = () => {
      const dataUrl = String(reader.result);
      resolve({ filename: file.name, contentType: file.type, contentBase64: dataUrl.slice(dataUrl.indexOf(',') + 1) });
    };
    reader.readAsDataURL(file);
  });
}
