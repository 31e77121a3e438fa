// The inbox's calls to the Conversations API: the session cookie, the CSRF header every non-GET call needs, and
// problem+json answers turned into errors an agent can read.

export class ApiError extends Error {
  constructor(status, message, fieldErrors) {
    super(message);
    this.status = status;
    this.fieldErrors = fieldErrors ?? {};
  }
}

/** Reads an RFC 7807 answer into one sentence: the title, then each field's errors. */
export async function problemMessage(response) {
  let problem = null;
  try { problem = await response.json(); } catch { /* not JSON */ }
  const parts = [];
  if (problem?.title) parts.push(problem.title);
  if (problem?.detail) parts.push(problem.detail);
  for (const messages of Object.values(problem?.errors ?? {})) parts.push(...[].concat(messages));
  if (parts.length === 0) parts.push(`The server answered ${response.status} ${response.statusText}`.trim());
  return { message: parts.join(" — "), errors: problem?.errors };
}

export async function request(method, path, body, extraHeaders = {}) {
  const headers = { Accept: "application/json", ...extraHeaders };
  if (method !== "GET") headers["X-Requested-With"] = "inbox";
  const raw = body instanceof Blob;
  if (body !== undefined) headers["Content-Type"] = raw ? (body.type || "application/octet-stream") : "application/json";
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : raw ? body : JSON.stringify(body),
      credentials: "same-origin",
    });
  } catch {
    throw new ApiError(0, "The inbox cannot reach the server. Check your connection and try again.");
  }
  if (response.status === 401) {
    window.location.assign("/inbox/login.html");
    throw new ApiError(401, "Your session has ended. Please sign in again.");
  }
  if (!response.ok) {
    const { message, errors } = await problemMessage(response);
    throw new ApiError(response.status, message, errors);
  }
  if (response.status === 204 || response.headers.get("Content-Length") === "0") return null;
  const type = response.headers.get("Content-Type") ?? "";
  return type.includes("json") ? response.json() : null;
}

export const get = (path) => request("GET", path);
export const post = (path, body, headers) => request("POST", path, body ?? {}, headers);
export const put = (path, body) => request("PUT", path, body);
export const del = (path) => request("DELETE", path);
/** Sends a file as the raw body, its type as Content-Type (a picture to send with a reply). */
export const upload = (path, file) => request("POST", path, file);

/** Builds a query string from the values that are set. */
export function query(values) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== null && value !== "" && value !== false) params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** A random key for Idempotency-Key: the same reply sent twice (a double click, a retry) goes out once. */
export function newIdempotencyKey() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
