// The console's JSON API. Requests carry the browser's cookie; uploads say they come from these pages.

export async function get(path, params = {}) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') query.set(k, v);
  const q = query.toString();
  const response = await fetch(`/api/${path}${q ? '?' + q : ''}`, { credentials: 'same-origin' });
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
  return response.json();
}

export async function post(path, body, params = {}) {
  const q = new URLSearchParams(params).toString();
  const response = await fetch(`/api/${path}${q ? '?' + q : ''}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Carteira': '1' },
    body,
  });
  return { status: response.status, body: await response.json().catch(() => ({})) };
}
