// The map: an offline Natural Earth basemap (countries, plus first-level boundaries of the countries with
// events) and the events as circles coloured by type and sized by fatalities, clustered when dense.
import { feature } from "topojson-client";
import L from "./leaflet.js";
import "leaflet.markercluster";
import { EVENT_TYPES, colorFor, radiusFor } from "./colors.js";

const ADMIN1_MIN_ZOOM = 5;

export class EventMap {
  constructor(container, { onSelect, onMove }) {
    this.container = container;
    this.onSelect = onSelect;
    this.map = L.map(container, {
      minZoom: 2,
      maxZoom: 13,
      worldCopyJump: true,
      zoomSnap: 1,
      attributionControl: true,
    });
    this.map.attributionControl.setPrefix(false);
    this.map.attributionControl.addAttribution("Boundaries: Natural Earth");
    this.map.setView([30, 20], 3);
    // Basemap below the event markers (overlayPane, z 400): countries, then admin-1 lines over them.
    this.map.createPane("basemap").style.zIndex = 200;
    this.map.createPane("admin1").style.zIndex = 250;
    this.countries = L.layerGroup().addTo(this.map);
    this.admin1 = L.layerGroup();
    this.admin1Loaded = new Map();
    this.selected = L.layerGroup().addTo(this.map);
    this.cluster = L.markerClusterGroup({
      chunkedLoading: true,
      maxClusterRadius: 40,
      disableClusteringAtZoom: 11,
      showCoverageOnHover: false,
      spiderfyOnMaxZoom: true,
      animate: false,
      iconCreateFunction: clusterIcon,
    }).addTo(this.map);
    this.map.on("zoomend", () => this._toggleAdmin1());
    this.map.on("moveend", () => onMove && onMove(this.viewString()));
    this._toggleAdmin1();
    this.count = 0;
  }

  async loadBasemap() {
    const response = await fetch("/static/vendor/countries-50m.json");
    if (!response.ok) throw new Error(`basemap: ${response.status}`);
    const topology = await response.json();
    const countries = feature(topology, topology.objects.countries);
    L.geoJSON(countries, {
      pane: "basemap",
      interactive: false,
      style: { color: "#8c96a3", weight: 0.8, fillColor: "#f3f0e8", fillOpacity: 1 },
    }).addTo(this.countries);
  }

  /** Load and draw first-level boundaries for these ISO 3166-1 alpha-2 codes (once each). */
  async loadAdmin1(isoCodes) {
    const wanted = [...new Set(isoCodes)].filter((c) => /^[A-Z]{2}$/.test(c) && !this.admin1Loaded.has(c));
    await Promise.all(
      wanted.map(async (code) => {
        this.admin1Loaded.set(code, null);
        const response = await fetch(`/static/vendor/admin1/${code}.json`);
        if (!response.ok) return;
        const data = await response.json();
        const layer = L.geoJSON(data, {
          pane: "admin1",
          interactive: false,
          style: { color: "#8c96a3", weight: 0.7, dashArray: "4 3", fill: false },
        });
        this.admin1Loaded.set(code, layer);
        layer.addTo(this.admin1);
      }),
    );
  }

  _toggleAdmin1() {
    const show = this.map.getZoom() >= ADMIN1_MIN_ZOOM;
    if (show && !this.map.hasLayer(this.admin1)) this.admin1.addTo(this.map);
    if (!show && this.map.hasLayer(this.admin1)) this.map.removeLayer(this.admin1);
  }

  /** Replace the events shown. points: [[id, lat, lon, event_type, fatalities, date, iso], ...] */
  setPoints(points, { fit }) {
    this.cluster.clearLayers();
    this.byId = new Map();
    const markers = [];
    for (const [id, lat, lon, type, fatalities, date] of points) {
      if (lat === null || lon === null) continue;
      const marker = L.circleMarker([lat, lon], {
        radius: radiusFor(fatalities),
        color: "#1f2933",
        weight: 1,
        fillColor: colorFor(type),
        fillOpacity: 0.85,
        className: "fw-marker",
      });
      marker.fwId = id;
      marker.fwType = EVENT_TYPES.indexOf(type);
      // A DOM node, not a string: Leaflet would set a string as HTML.
      marker.bindTooltip(() => textNode(`${date} · ${type} · ${fatalities} killed`), { direction: "top" });
      marker.on("click", () => this.onSelect(id));
      markers.push(marker);
      this.byId.set(id, marker);
    }
    this.cluster.addLayers(markers);
    this.count = markers.length;
    this.container.dataset.markers = String(markers.length);
    if (fit && markers.length) {
      const bounds = L.latLngBounds(markers.map((m) => m.getLatLng()));
      this.map.fitBounds(bounds.pad(0.15), { maxZoom: 8, animate: false });
    }
  }

  /** Ring the selected event (and pan to it if it is off screen). */
  select(event, reveal = true) {
    this.selected.clearLayers();
    if (!event || event.latitude === null || event.longitude === null) return;
    const ll = L.latLng(event.latitude, event.longitude);
    const marker = this.byId && this.byId.get(event.event_id);
    if (marker && reveal) {
      // Open the cluster holding the event, so the ring is around its own marker.
      this.cluster.zoomToShowLayer(marker, () => {});
    }
    L.circleMarker(ll, {
      radius: radiusFor(event.fatalities) + 5,
      color: "#111",
      weight: 3,
      fill: false,
      interactive: false,
      className: "fw-selected",
    }).addTo(this.selected);
    if (!marker && !this.map.getBounds().contains(ll)) this.map.panTo(ll, { animate: false });
  }

  viewString() {
    const c = this.map.getCenter();
    return `${c.lat.toFixed(3)},${c.lng.toFixed(3)},${this.map.getZoom()}`;
  }

  setView(view) {
    const [lat, lon, zoom] = view.split(",").map(Number);
    this.map.setView([lat, lon], zoom, { animate: false });
  }

  invalidate() {
    this.map.invalidateSize();
  }
}

function textNode(text) {
  const span = document.createElement("span");
  span.textContent = text;
  return span;
}

function clusterIcon(cluster) {
  const n = cluster.getChildCount();
  // The ring takes the colour of the cluster's most frequent event type.
  const counts = new Array(EVENT_TYPES.length + 1).fill(0);
  for (const m of cluster.getAllChildMarkers()) counts[m.fwType >= 0 ? m.fwType : EVENT_TYPES.length] += 1;
  const top = counts.indexOf(Math.max(...counts));
  const size = n < 10 ? 28 : n < 100 ? 34 : n < 1000 ? 40 : 46;
  const label = n < 10000 ? String(n) : `${Math.round(n / 1000)}k`;
  // The icon's html is our own digits only; nothing from the API goes in here.
  return L.divIcon({
    html: `<span>${label}</span>`,
    className: `fw-cluster fw-t${top}`,
    iconSize: L.point(size, size),
  });
}
