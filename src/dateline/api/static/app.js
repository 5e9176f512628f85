// The dateline map and timeline: events from /api/events, country outlines from the vendored Natural Earth file.
"use strict";

const COLOURS = {
  "Battles": "#d62728",
  "Explosions/Remote violence": "#ff7f0e",
  "Violence against civilians": "#9467bd",
  "Protests": "#2ca02c",
  "Riots": "#8c564b",
  "Strategic developments": "#1f77b4",
};
const DAY = 86400000;
const SVG = "http://www.w3.org/2000/svg";
const $ = (id) => document.getElementById(id);
const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const iso = (t) => new Date(t).toISOString().slice(0, 10);

const map = L.map("map", { worldCopyJump: true, minZoom: 2 }).setView([20, 20], 2);
map.createPane("countries").style.zIndex = 250;
const markers = L.layerGroup().addTo(map);
let events = [];

async function getJSON(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

// A ring that crosses the antimeridian (Russia, Fiji) is drawn east of it, not as a band across the map.
const unwrap = (ring) => (ring.some(([lon]) => lon > 170) && ring.some(([lon]) => lon < -170)
  ? ring.map(([lon, lat]) => [lon < 0 ? lon + 360 : lon, lat]) : ring);

async function drawCountries() {
  const world = await getJSON("/static/vendor/world-atlas/countries-110m.json");
  const countries = topojson.feature(world, world.objects.countries).features.filter((f) => f.properties.name !== "Antarctica");
  for (const { geometry: g } of countries) {
    g.coordinates = g.type === "Polygon" ? g.coordinates.map(unwrap) : g.coordinates.map((p) => p.map(unwrap));
  }
  L.geoJSON(countries, {
    pane: "countries",
    interactive: false,
    style: { color: "#9a9a9a", weight: 0.7, fillColor: "#f4f1e8", fillOpacity: 1 },
  }).addTo(map);
}

function legend() {
  const control = L.control({ position: "bottomright" });
  control.onAdd = () => {
    const div = L.DomUtil.create("div", "legend");
    div.innerHTML = Object.entries(COLOURS).map(([t, c]) => `<i style="background:${c}"></i>${esc(t)}`).join("<br>")
      + "<br><small>size: fatalities</small>";
    return div;
  };
  control.addTo(map);
}

function describe(e) {
  const side = (actor, assoc) => actor && (assoc ? `${actor} (with ${assoc})` : actor);
  const rows = [
    ["Date", `${e.event_date ?? "unknown"} (precision ${e.time_precision})`],
    ["Actors", [side(e.actor1, e.assoc_actor_1), side(e.actor2, e.assoc_actor_2)].filter(Boolean).join(" vs ")],
    ["Location", [e.location, e.admin2, e.admin1, e.country].filter(Boolean).join(", ")],
    ["Fatalities", e.fatalities ?? "none reported"],
    ["Source", [e.source, e.claim_sources?.length ? `claimed by ${e.claim_sources.join(", ")}` : ""].filter(Boolean).join("; ")],
    ["Notes", e.notes],
  ];
  const evidence = (e.evidence || []).map((v) => `<li><b>${esc(v.field)}</b>: “${esc(v.text)}”</li>`).join("");
  return `<div class="event"><h3 style="color:${COLOURS[e.event_type] || "#333"}">${esc(e.sub_event_type)}</h3><table>`
    + rows.map(([k, v]) => `<tr><th>${k}</th><td>${esc(v)}</td></tr>`).join("")
    + `<tr><th>Evidence</th><td><ul>${evidence}</ul></td></tr></table><small>${esc(e.event_id)}</small></div>`;
}

// Events sharing a spot are set on a ring around it, a fixed number of pixels apart at any zoom.
function dot(e, k, n) {
  const size = 11 + Math.min(14, 2 * Math.sqrt(e.fatalities || 0));
  const r = n > 1 ? Math.max(9, 2.2 * n) : 0;
  const dx = r * Math.cos((2 * Math.PI * k) / n), dy = r * Math.sin((2 * Math.PI * k) / n);
  const icon = L.divIcon({
    className: "dot",
    html: `<span style="background:${COLOURS[e.event_type] || "#333"}"></span>`,
    iconSize: [size, size],
    iconAnchor: [size / 2 - dx, size / 2 - dy],
  });
  return L.marker([e.latitude, e.longitude], { icon, title: `${e.event_date} ${e.sub_event_type}, ${e.location}` })
    .bindPopup(describe(e), { maxWidth: 380 });
}

const byFilters = () => events.filter((e) => (!$("country").value || e.country === $("country").value)
  && (!$("type").value || e.event_type === $("type").value));
const inRange = (e) => (!$("from").value || (e.event_date && e.event_date >= $("from").value))
  && (!$("to").value || (e.event_date && e.event_date <= $("to").value));

function drawMap(list, fit) {
  markers.clearLayers();
  const spots = new Map();
  for (const e of list.filter((e) => e.latitude != null && e.longitude != null)) {
    const key = `${e.latitude},${e.longitude}`;
    spots.set(key, [...(spots.get(key) || []), e]);
  }
  for (const group of spots.values()) group.forEach((e, k) => markers.addLayer(dot(e, k, group.length)));
  if (fit && spots.size) map.fitBounds(L.latLngBounds(list.filter((e) => e.latitude != null)
    .map((e) => [e.latitude, e.longitude])), { padding: [40, 40], maxZoom: 7 });
}

let scale = null; // {t0, t1, x(t), day(px)} of the last drawn timeline, for the brush

function drawTimeline(list) {
  const svg = $("timeline");
  svg.replaceChildren();
  const counts = new Map();
  for (const e of list) if (e.event_date) counts.set(e.event_date, (counts.get(e.event_date) || 0) + 1);
  const days = [...counts.keys()].sort();
  if (!days.length) return (scale = null);
  const w = svg.clientWidth, h = svg.clientHeight, pad = 24, top = 6;
  const t0 = Date.parse(days[0]), t1 = Math.max(Date.parse(days.at(-1)) + DAY, t0 + 30 * DAY);
  const x = (t) => pad + ((t - t0) / (t1 - t0)) * (w - 2 * pad);
  scale = { x, day: (px) => iso(t0 + ((px - pad) / (w - 2 * pad)) * (t1 - t0)), t0, t1 };
  const max = Math.max(...counts.values()), barW = Math.max(2, x(t0 + DAY) - x(t0));
  const add = (tag, attrs, text) => {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text) node.textContent = text;
    return svg.appendChild(node);
  };
  const from = $("from").value, to = $("to").value;
  if (from || to) {
    const a = x(from ? Date.parse(from) : t0), b = x(to ? Date.parse(to) + DAY : t1);
    add("rect", { x: a, y: top, width: Math.max(1, b - a), height: h - pad - top, fill: "#ffe9a8" });
  }
  for (const [day, n] of counts) {
    const bh = ((h - pad - top) * n) / max;
    const shown = inRange({ event_date: day });
    add("rect", { x: x(Date.parse(day)), y: h - pad - bh, width: barW, height: bh, fill: shown ? "#2f3b45" : "#b8bec4" })
      .appendChild(document.createElementNS(SVG, "title")).textContent = `${day}: ${n} event${n > 1 ? "s" : ""}`;
  }
  add("line", { x1: pad, x2: w - pad, y1: h - pad, y2: h - pad, stroke: "#888" });
  for (let i = 0; i <= 6; i++) {
    const t = t0 + (i / 6) * (t1 - t0);
    add("text", { x: x(t), y: h - 8, "text-anchor": i === 0 ? "start" : i === 6 ? "end" : "middle" }, iso(t));
  }
  add("text", { x: 2, y: top + 10 }, String(max));
}

function refresh(fit = false) {
  const list = byFilters(), shown = list.filter(inRange);
  drawMap(shown, fit);
  drawTimeline(list);
  $("status").textContent = `${shown.length} of ${events.length} events`;
}

function brush() {
  const svg = $("timeline");
  let start = null, band = null;
  const px = (ev) => ev.clientX - svg.getBoundingClientRect().left;
  svg.addEventListener("pointerdown", (ev) => {
    if (!scale) return;
    start = px(ev);
    svg.setPointerCapture(ev.pointerId);
    band = document.createElementNS(SVG, "rect");
    Object.entries({ y: 0, height: svg.clientHeight, fill: "rgba(47,59,69,.2)" }).forEach(([k, v]) => band.setAttribute(k, v));
    svg.appendChild(band);
  });
  svg.addEventListener("pointermove", (ev) => {
    if (start === null) return;
    band.setAttribute("x", Math.min(start, px(ev)));
    band.setAttribute("width", Math.abs(px(ev) - start));
  });
  svg.addEventListener("pointerup", (ev) => {
    if (start === null) return;
    const [a, b] = [start, px(ev)].sort((p, q) => p - q);
    start = null;
    const wide = b - a > 3;
    $("from").value = wide ? scale.day(a) : "";
    $("to").value = wide ? scale.day(b) : "";
    refresh();
  });
}

// Every stored event: the API's pages, followed by their cursors to the last.
async function allEvents(url) {
  const out = [];
  for (let page = await getJSON(url); ; page = await getJSON(`${url}&cursor=${encodeURIComponent(page.next)}`)) {
    out.push(...page.events);
    if (!page.next) return out;
  }
}

async function load(fit) {
  events = await allEvents(`/api/events?limit=10000${$("distinct").checked ? "&distinct=true" : ""}`);
  const fill = (select, values) => {
    const keep = select.value;
    select.replaceChildren(new Option("all", ""), ...values.map((v) => new Option(v, v)));
    select.value = values.includes(keep) ? keep : "";
  };
  fill($("country"), [...new Set(events.map((e) => e.country).filter(Boolean))].sort());
  fill($("type"), Object.keys(COLOURS).filter((t) => events.some((e) => e.event_type === t)));
  refresh(fit);
}

function main() {
  legend();
  brush();
  drawCountries().catch((err) => console.error(err));
  for (const id of ["country", "type"]) $(id).addEventListener("change", () => refresh(true));
  for (const id of ["from", "to"]) $(id).addEventListener("change", () => refresh());
  $("distinct").addEventListener("change", () => load(false));
  $("reset").addEventListener("click", () => {
    for (const id of ["country", "type", "from", "to"]) $(id).value = "";
    refresh(true);
  });
  window.addEventListener("resize", () => drawTimeline(byFilters()));
  load(true).catch((err) => ($("status").textContent = `could not load events: ${err.message}`));
}

main();
