// One colour per ACLED event type (colour-blind-safe Okabe-Ito palette), shared by map, list and legend.
export const EVENT_TYPES = [
  "Battles",
  "Explosions/Remote violence",
  "Violence against civilians",
  "Protests",
  "Riots",
  "Strategic developments",
];

const PALETTE = {
  Battles: "#d55e00",
  "Explosions/Remote violence": "#e69f00",
  "Violence against civilians": "#cc79a7",
  Protests: "#0072b2",
  Riots: "#56b4e9",
  "Strategic developments": "#009e73",
};

export function colorFor(eventType) {
  return PALETTE[eventType] || "#666666";
}

/** Marker radius in pixels: grows with the square root of fatalities, so area tracks deaths. */
export function radiusFor(fatalities) {
  const f = Math.max(0, Number(fatalities) || 0);
  return Math.min(22, 4 + 2.2 * Math.sqrt(f));
}
