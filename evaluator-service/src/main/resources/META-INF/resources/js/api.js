// REST calls to the evaluator; every path is relative to the page's origin.

/** GETs JSON; throws with the status on a non-2xx answer. */
export async function getJson(path) {
  const response = await fetch(path, { headers: { Accept: 'application/json' } });
  if (!response.ok) {
    const error = new Error(`${path}: HTTP ${response.status}`);
    error.status = response.status;
    error.body = await response.json().catch(() => null);
    throw error;
  }
  return response.json();
}

/**
 * POSTs JSON with HTTP Basic credentials (the evaluator's state-changing endpoints need them, and
 * a JSON Content-Type); returns { status, body } whatever the status.
 */
export async function postJson(path, body, credentials) {
  const headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
  if (credentials?.password) {
    // btoa takes Latin-1 only: encode the UTF-8 bytes of user:password first
    const bytes = new TextEncoder().encode(`${credentials.user}:${credentials.password}`);
    headers.Authorization = `Basic ${btoa(String.fromCharCode(...bytes))}`;
  }
  // omit: no cached credentials, and no browser login dialog on a 401 (the form says what is wrong)
  const response = await fetch(path, { method: 'POST', headers, body: JSON.stringify(body), credentials: 'omit' });
  const text = await response.text();
  let parsed = null;
  try { parsed = text ? JSON.parse(text) : null; } catch { parsed = { error: text }; }
  return { status: response.status, body: parsed };
}
