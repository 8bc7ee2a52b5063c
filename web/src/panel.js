// The event panel: the record, the competing claims, and each article's sentences with the evidence
// spans highlighted. All text is set with text nodes (el() never uses innerHTML).
import { colorFor } from "./colors.js";
import { clear, el, externalLink } from "./dom.js";

const PRECISION = { 1: "exact day", 2: "week or similar", 3: "month" };
const GEO_PRECISION = { 1: "the place itself", 2: "near / part of it", 3: "a larger region" };

export function renderEvent(container, data, { onClose }) {
  clear(container);
  const e = data.event;
  container.appendChild(
    el(
      "header",
      { class: "panel-head" },
      el("button", { type: "button", class: "close", "aria-label": "Close event", onclick: onClose }, "×"),
      el("span", { class: "swatch", "data-type": e.event_type }),
      el("h2", null, e.sub_event_type || e.event_type),
      el("p", { class: "sub" }, [e.event_date, e.location, e.admin1, e.country].filter(Boolean).join(" · ")),
    ),
  );
  container.querySelector(".swatch").style.background = colorFor(e.event_type);
  container.appendChild(recordTable(e));
  container.appendChild(claimsSection(e));
  container.appendChild(articlesSection(data.articles || [], e));
  container.scrollTop = 0;
}

function row(label, ...value) {
  return el("tr", null, el("th", { scope: "row" }, label), el("td", null, ...value));
}

function actor(name, inter) {
  if (!name) return "—";
  return inter ? `${name} (inter ${inter})` : name;
}

function recordTable(e) {
  const table = el("table", { class: "record" });
  const rows = [
    row("Event type", e.event_type),
    row("Sub-event type", e.sub_event_type),
    row("Date", e.event_date, e.time_precision ? ` (${PRECISION[e.time_precision] || e.time_precision})` : ""),
    row("Actor 1", actor(e.actor1, e.inter1)),
    e.assoc_actor_1 && e.assoc_actor_1.length ? row("Associated with 1", e.assoc_actor_1.join("; ")) : null,
    row("Actor 2", actor(e.actor2, e.inter2)),
    e.assoc_actor_2 && e.assoc_actor_2.length ? row("Associated with 2", e.assoc_actor_2.join("; ")) : null,
    row("Interaction", String(e.interaction ?? "—")),
    e.civilian_targeting ? row("Civilian targeting", "yes") : null,
    row("Location", [e.location, e.admin3, e.admin2, e.admin1, e.country].filter(Boolean).join(", ") || "—"),
    row(
      "Coordinates",
      e.latitude !== null && e.latitude !== undefined ? `${e.latitude.toFixed(4)}, ${e.longitude.toFixed(4)}` : "—",
      e.geo_precision ? ` (${GEO_PRECISION[e.geo_precision] || e.geo_precision})` : "",
    ),
    row("Fatalities", String(e.fatalities ?? 0), " (most conservative figure)"),
    e.fatalities_reported && e.fatalities_reported.length
      ? row(
          "Figures reported",
          el(
            "ul",
            { class: "figures" },
            e.fatalities_reported.map((f) =>
              el("li", null, figure(f), f.claimant ? ` — ${f.claimant}` : "", f.article_id ? ` [${f.article_id}]` : ""),
            ),
          ),
        )
      : null,
    row("Confidence", e.confidence !== undefined ? Number(e.confidence).toFixed(2) : "—"),
    row("Source", e.source || "—"),
    e.notes ? row("Notes", e.notes) : null,
    row("Event id", el("code", null, e.event_id)),
  ];
  for (const r of rows) if (r) table.appendChild(r);
  return el("section", { class: "block" }, el("h3", null, "Record"), table);
}

function figure(f) {
  if (f.low !== null && f.low !== undefined && f.high !== null && f.high !== undefined && f.low !== f.high)
    return `${f.low}–${f.high}`;
  if (f.value !== null && f.value !== undefined) return String(f.value);
  if (f.high !== null && f.high !== undefined) return `up to ${f.high}`;
  return "unknown";
}

function claimsSection(e) {
  const claims = e.claims || [];
  const section = el("section", { class: "block claims" }, el("h3", null, `Claims (${claims.length})`));
  if (!claims.length) {
    section.appendChild(el("p", { class: "muted" }, "No attributed or hedged claims."));
    return section;
  }
  section.appendChild(
    el(
      "ul",
      null,
      claims.map((c) =>
        el(
          "li",
          { class: "claim" },
          el("span", { class: `certainty certainty-${String(c.certainty).replace(/[^a-z]/g, "")}` }, c.certainty),
          el("strong", { class: "claimant" }, c.claimant || "unattributed"),
          el("q", null, c.text),
        ),
      ),
    ),
  );
  return section;
}

function articlesSection(articles, e) {
  const section = el("section", { class: "block articles" }, el("h3", null, `Sources (${articles.length})`));
  if (!articles.length && e.evidence && e.evidence.length) {
    // No stored article text: show the evidence snippets alone.
    section.appendChild(
      el("ul", null, e.evidence.map((ev) => el("li", null, el("mark", { class: "ev", "data-field": ev.field }, ev.text)))),
    );
  }
  if (articles.length) section.appendChild(evidenceKey());
  for (const a of articles) section.appendChild(articleBlock(a));
  return section;
}

const FIELD_LABELS = [
  ["event", "what happened"],
  ["location", "where"],
  ["event_date", "when"],
  ["fatalities", "deaths"],
  ["actor1", "actors"],
];

function evidenceKey() {
  return el(
    "p",
    { class: "evidence-key" },
    "Evidence:",
    FIELD_LABELS.map(([field, label]) => el("mark", { class: "ev", "data-field": field }, label)),
  );
}

function articleBlock(a) {
  const sentences = a.sentences || [];
  const withEvidence = sentences.filter((s) => s.evidence && s.evidence.length);
  const shown = el("div", { class: "sentences" });
  const block = el(
    "article",
    { class: "source", "data-article": a.id },
    el("h4", null, a.title || a.id),
    el(
      "p",
      { class: "meta" },
      [a.source, a.published].filter(Boolean).join(" · "),
      a.url ? " · " : "",
      a.url ? externalLink(a.url, "original") : "",
    ),
    shown,
  );
  const renderSentences = (all) => {
    clear(shown);
    const list = all ? sentences : withEvidence;
    for (const s of list) shown.appendChild(sentenceNode(s));
    if (!list.length) shown.appendChild(el("p", { class: "muted" }, "No sentence of this article is cited."));
  };
  renderSentences(false);
  if (sentences.length > withEvidence.length) {
    let all = false;
    const toggle = el("button", { type: "button", class: "link" }, `Show whole article (${sentences.length} sentences)`);
    toggle.addEventListener("click", () => {
      all = !all;
      renderSentences(all);
      toggle.textContent = all ? "Show cited sentences only" : `Show whole article (${sentences.length} sentences)`;
    });
    block.appendChild(toggle);
  }
  return block;
}

/** One sentence as text nodes, with <mark> around each evidence span (overlaps split into segments). */
export function sentenceNode(s) {
  const p = el("p", { class: "sentence" });
  const text = s.text || "";
  const spans = (s.evidence || [])
    .map((ev) => ({ a: Math.max(0, ev.start - s.start), b: Math.min(text.length, ev.end - s.start), field: ev.field }))
    .filter((ev) => ev.b > ev.a);
  if (spans.length) p.classList.add("cited");
  const cuts = new Set([0, text.length]);
  for (const sp of spans) {
    cuts.add(sp.a);
    cuts.add(sp.b);
  }
  const points = [...cuts].sort((x, y) => x - y);
  for (let i = 0; i < points.length - 1; i++) {
    const a = points[i];
    const b = points[i + 1];
    const piece = text.slice(a, b);
    const fields = [...new Set(spans.filter((sp) => sp.a <= a && sp.b >= b).map((sp) => sp.field))];
    if (!fields.length) p.appendChild(document.createTextNode(piece));
    else p.appendChild(el("mark", { class: "ev", "data-field": fields.join(" "), title: fields.join(", ") }, piece));
  }
  return p;
}
