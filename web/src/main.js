// The dashboard: filters (kept in the URL), map, timeline, event list and event panel.
import { api } from "./api.js";
import { EVENT_TYPES, colorFor } from "./colors.js";
import { clear, el } from "./dom.js";
import { eventRow } from "./list.js";
import { EventMap } from "./map.js";
import { renderEvent } from "./panel.js";
import { FILTER_KEYS, filterParams, readState, toSearch } from "./state.js";
import { Timeline } from "./timeline.js";

const $ = (id) => document.getElementById(id);
const SUB_TYPES = {};
const DAY_MS = 86400000;
let timelineBucket = "day"; // "week" when the store spans more than about a year

let state = readState(location.search);
let loadSeq = 0;
let listOffset = 0;
let listTotal = 0;
let controller = null;
let firstLoad = true;

const form = $("filters");
const map = new EventMap($("map"), {
  onSelect: (id) => selectEvent(id, true),
  onMove: (view) => {
    if (firstLoad) return;
    state.view = view;
    history.replaceState(null, "", toSearch(state) || location.pathname);
  },
});
const timeline = new Timeline($("timeline"), {
  onBrush: (from, to) => {
    setFilters({ date_from: from, date_to: to });
  },
});

function buildLegend() {
  const legend = $("legend");
  for (const type of EVENT_TYPES) {
    const sw = el("span", { class: "dot", "aria-hidden": "true" });
    sw.style.background = colorFor(type);
    legend.appendChild(el("li", null, sw, type));
  }
  const typeSelect = form.elements.event_type;
  for (const type of EVENT_TYPES) typeSelect.appendChild(el("option", { value: type }, type));
}

function fillSelect(select, values, current) {
  const keep = select.firstElementChild; // the "any" option
  clear(select);
  select.appendChild(keep);
  const seen = new Set();
  for (const v of values) {
    if (!v || seen.has(v)) continue;
    seen.add(v);
    select.appendChild(el("option", { value: v }, v));
  }
  if (current && !seen.has(current)) select.appendChild(el("option", { value: current }, current));
  select.value = current || "";
}

function stateToForm() {
  for (const key of FILTER_KEYS) {
    const input = form.elements[key];
    if (input && input.tagName !== "SELECT") input.value = state[key] || "";
  }
  const active = FILTER_KEYS.filter((k) => state[k]).length;
  document.querySelector("#filters-wrap > summary").textContent = active ? `Filters (${active} set)` : "Filters";
  form.elements.event_type.value = state.event_type || "";
  for (const key of ["country", "admin1"]) ensureOption(form.elements[key], state[key]);
  fillSelect(form.elements.sub_event_type, SUB_TYPES[state.event_type] || allSubTypes(), state.sub_event_type);
}

/** Select `value`, adding it as an option first if the facet list has not arrived yet. */
function ensureOption(select, value) {
  if (value && ![...select.options].some((o) => o.value === value)) select.appendChild(el("option", { value }, value));
  select.value = value || "";
}

function allSubTypes() {
  return Object.values(SUB_TYPES).flat();
}

function setFilters(changes) {
  // A new country or region moves the map to its events.
  const fit = ["country", "admin1"].some((k) => k in changes && (changes[k] || "") !== (state[k] || ""));
  if (fit) delete state.view;
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === undefined || v === "") delete state[k];
    else state[k] = String(v);
  }
  history.pushState(null, "", toSearch(state) || location.pathname);
  stateToForm();
  refresh(fit);
}

let debounce = null;
/** Apply the whole form (not just the field that changed, so a pending text edit is never lost). */
function applyForm() {
  clearTimeout(debounce);
  const changes = {};
  for (const key of FILTER_KEYS) {
    const input = form.elements[key];
    if (input) changes[key] = input.value.trim();
  }
  setFilters(changes);
}
form.addEventListener("input", (e) => {
  const target = e.target;
  if (!target.name) return;
  if (target.name === "event_type") form.elements.sub_event_type.value = "";
  if (target.name === "country") form.elements.admin1.value = "";
  clearTimeout(debounce);
  if (target.type === "search" || target.type === "text" || target.type === "number") debounce = setTimeout(applyForm, 350);
  else applyForm();
});
form.addEventListener("submit", (e) => e.preventDefault());
$("reset").addEventListener("click", () => {
  const keep = {};
  state = keep;
  history.pushState(null, "", location.pathname);
  stateToForm();
  refresh(true);
});
window.addEventListener("popstate", () => {
  state = readState(location.search);
  stateToForm();
  if (!state.event) hidePanel();
  refresh(true);
});

async function loadFacets(signal) {
  const params = filterParams(state, ["country", "admin1"]);
  const [countries, admin1] = await Promise.all([
    api.aggregates(params, "country", signal),
    api.aggregates(filterParams(state, ["admin1"]), "admin1", signal),
  ]);
  fillSelect(form.elements.country, countries.rows.map((r) => r.key), state.country);
  fillSelect(form.elements.admin1, admin1.rows.map((r) => r.key), state.admin1);
}

async function refresh(fit) {
  const seq = ++loadSeq;
  if (controller) controller.abort();
  controller = new AbortController();
  const signal = controller.signal;
  const params = filterParams(state);
  timeline.setRange(state.date_from, state.date_to);
  setStatus("Loading…");
  try {
    const [points, agg] = await Promise.all([
      api.points(params, signal),
      api.aggregates(filterParams(state, ["date_from", "date_to"]), timelineBucket, signal),
    ]);
    if (seq !== loadSeq) return;
    timeline.setData(agg.rows, timelineBucket);
    map.setPoints(points.points, { fit: fit && !state.view });
    if (fit && state.view) map.setView(state.view);
    const isos = points.points.map((p) => p[6]).filter(Boolean);
    map.loadAdmin1(isos).catch(() => {});
    setStatus(`${points.total.toLocaleString()}${points.total_capped ? "+" : ""} events` + (points.total > points.points.length ? ` (map shows ${points.points.length.toLocaleString()})` : ""));
    if (firstLoad) {
      performance.mark("frontwire:map-ready");
      document.body.dataset.ready = "1";
    }
    await loadList(true, signal, seq);
    loadFacets(signal).catch(() => {});
    if (state.event) await selectEvent(state.event, false);
    firstLoad = false;
  } catch (err) {
    if (err.name === "AbortError") return;
    setStatus(`Error: ${err.message}`, true);
  }
}

async function loadList(reset, signal, seq) {
  const list = $("event-list");
  if (reset) {
    listOffset = 0;
    clear(list);
  }
  const page = await api.events(filterParams(state), listOffset, signal);
  if (seq !== undefined && seq !== loadSeq) return;
  listTotal = page.total;
  for (const e of page.events) list.appendChild(eventRow(e, (id) => selectEvent(id, true)));
  listOffset += page.events.length;
  // A capped total ("10,000+") is a floor the server stopped counting at: more pages may follow it.
  $("list-count").textContent = `${listTotal.toLocaleString()}${page.total_capped ? "+" : ""} events`;
  $("more").hidden = page.total_capped ? page.events.length === 0 : listOffset >= listTotal;
  markSelected();
}

$("more").addEventListener("click", () => loadList(false).catch((err) => setStatus(`Error: ${err.message}`, true)));

function markSelected() {
  for (const row of document.querySelectorAll(".event-row")) {
    row.classList.toggle("selected", row.dataset.eventId === state.event);
  }
}

async function selectEvent(id, push) {
  const reveal = push; // a click zooms to the event; a restored URL keeps its saved map view
  const panel = $("panel");
  if (push) {
    state.event = id;
    history.pushState(null, "", toSearch(state));
  }
  markSelected();
  try {
    const data = await api.event(id);
    renderEvent(panel, data, { onClose: closeEvent });
    panel.hidden = false;
    document.body.classList.add("panel-open");
    map.select(data.event, reveal && !firstLoad);
  } catch (err) {
    clear(panel);
    panel.appendChild(el("p", { class: "error" }, `Event ${id}: ${err.message}`));
    panel.hidden = false;
  }
}

function closeEvent() {
  delete state.event;
  history.pushState(null, "", toSearch(state) || location.pathname);
  hidePanel();
}

function hidePanel() {
  $("panel").hidden = true;
  document.body.classList.remove("panel-open");
  map.select(null);
  markSelected();
}

let actorTimer = null;
form.elements.actor.addEventListener("input", () => {
  clearTimeout(actorTimer);
  const q = form.elements.actor.value.trim();
  if (q.length < 2) return;
  actorTimer = setTimeout(async () => {
    try {
      const found = await api.actors(q);
      const list = clear($("actor-options"));
      for (const a of found.actors) list.appendChild(el("option", { value: a.name }));
    } catch {
      /* suggestions are a convenience */
    }
  }, 250);
});

function setStatus(text, error) {
  const s = $("status");
  s.textContent = text;
  s.classList.toggle("error", Boolean(error));
}

async function start() {
  buildLegend();
  try {
    const [taxonomy, stats] = await Promise.all([api.taxonomy(), api.stats()]);
    Object.assign(SUB_TYPES, taxonomy.event_types);
    if (stats.first_date && stats.last_date) {
      const span = (Date.parse(stats.last_date) - Date.parse(stats.first_date)) / DAY_MS;
      timelineBucket = span > 400 ? "week" : "day";
    }
  } catch {
    /* the sub-type list stays empty (typing still works through the URL); the timeline stays daily */
  }
  stateToForm();
  if (window.matchMedia("(max-width: 820px)").matches) $("filters-wrap").open = false;
  await Promise.all([map.loadBasemap().catch((err) => setStatus(`Basemap: ${err.message}`, true)), refresh(true)]);
}

start();
