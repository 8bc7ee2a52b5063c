// Thin wrappers over frontwire's HTTP API (same origin; see docs/dashboard.md).
export class ApiError extends Error {}

async function getJSON(path, params, signal) {
  const qs = params && [...params].length ? `?${params}` : "";
  const response = await fetch(`${path}${qs}`, { signal, headers: { Accept: "application/json" } });
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok) throw new ApiError((body && body.error) || `${response.status} ${response.statusText}`);
  return body;
}

export const api = {
  points: (params, signal) => getJSON("/api/events", withParams(params, { format: "points", limit: "50000" }), signal),
  events: (params, offset, signal) =>
    getJSON("/api/events", withParams(params, { limit: "100", offset: String(offset || 0) }), signal),
  event: (id, signal) => getJSON(`/api/events/${encodeURIComponent(id)}`, null, signal),
  aggregates: (params, by, signal) => getJSON("/api/aggregates", withParams(params, { by }), signal),
  stats: (signal) => getJSON("/api/stats", null, signal),
  taxonomy: (signal) => getJSON("/api/taxonomy", null, signal),
  actors: (q, signal) => getJSON("/api/actors", new URLSearchParams({ q, limit: "30" }), signal),
};

function withParams(params, extra) {
  const p = new URLSearchParams(params);
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  return p;
}
