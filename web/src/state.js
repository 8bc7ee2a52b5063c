// Filter state lives in the page URL (query string), so a view can be shared and restored.
export const FILTER_KEYS = [
  "country",
  "admin1",
  "event_type",
  "sub_event_type",
  "actor",
  "text",
  "date_from",
  "date_to",
  "min_fatalities",
];
// Not filters, but part of a shareable view: the open event and the map view ("lat,lon,zoom").
export const VIEW_KEYS = ["event", "view"];

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function readState(search) {
  const params = new URLSearchParams(search);
  const state = {};
  for (const key of [...FILTER_KEYS, ...VIEW_KEYS]) {
    const value = params.get(key);
    if (value !== null && value.trim() !== "") state[key] = value.trim();
  }
  for (const key of ["date_from", "date_to"]) if (state[key] && !DATE.test(state[key])) delete state[key];
  if (state.min_fatalities && !/^\d+$/.test(state.min_fatalities)) delete state.min_fatalities;
  if (state.view && !/^-?\d+(\.\d+)?,-?\d+(\.\d+)?,\d+$/.test(state.view)) delete state.view;
  return state;
}

export function toSearch(state) {
  const params = new URLSearchParams();
  for (const key of [...FILTER_KEYS, ...VIEW_KEYS]) if (state[key]) params.set(key, state[key]);
  const s = params.toString();
  return s ? `?${s}` : "";
}

/** Query parameters for the API: the filters only, optionally without some keys. */
export function filterParams(state, without = []) {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) if (state[key] && !without.includes(key)) params.set(key, state[key]);
  return params;
}
