// The event list: one row per event in the current filter, newest first, paged by "Load more".
import { colorFor } from "./colors.js";
import { el } from "./dom.js";

export function eventRow(e, onSelect) {
  const dot = el("span", { class: "dot", "aria-hidden": "true" });
  dot.style.background = colorFor(e.event_type);
  const actors = [e.actor1, e.actor2].filter(Boolean).join(" vs ");
  const item = el(
    "li",
    { class: "event-row", "data-event-id": e.event_id },
    el(
      "button",
      { type: "button", onclick: () => onSelect(e.event_id) },
      el(
        "span",
        { class: "row-top" },
        dot,
        el("span", { class: "date" }, e.event_date),
        el("span", { class: "type" }, e.sub_event_type || e.event_type),
        e.fatalities ? el("span", { class: "fat" }, `${e.fatalities} killed`) : null,
      ),
      el("span", { class: "place" }, [e.location, e.admin1, e.country].filter(Boolean).join(", ")),
      actors ? el("span", { class: "actors" }, actors) : null,
    ),
  );
  return item;
}
