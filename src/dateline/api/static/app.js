// The dateline map, table and timelines: events from /api/map (compact columns), an event's details from
// /api/events/{id} and /api/evidence/{id}, a place's control from /api/control; country outlines from the vendored
// Natural Earth file, markers clustered by the vendored Leaflet.markercluster.
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
const ROW = 24; // px of a table row (as in index.html)
const YEAR_ONLY = 4; // time_precision of a date known to its year only
const SVG = "http://www.w3.org/2000/svg";
const $ = (id) => document.getElementById(id);
const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const iso = (t) => new Date(t).toISOString().slice(0, 10);
const located = (e) => e.latitude != null && e.longitude != null;

// Zoom 10 tells towns apart, as the events are placed; each deeper level would add clustering work (markercluster
// clusters every level), and events at one spot spread out at the deepest.
const map = L.map("map", { worldCopyJump: true, minZoom: 2, maxZoom: 10 }).setView([20, 20], 2);
map.createPane("countries").style.zIndex = 250;
const popup = L.popup({ maxWidth: 400, offset: [0, -4] }); // one popup, for the selected event
let events = []; // every loaded event: the map's columns as one object per event
let shown = []; // the events that pass every filter, in table order
let selected = null;

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

// The date as far as it is known: a year-only date is its year, a month's its month.
const shownDate = (e) => (e.event_date ? e.event_date.slice(0, [10, 10, 10, 7, 4][e.time_precision ?? 1] ?? 10) : "undated");
const actors = (e) => [e.actor1, e.actor2].filter(Boolean).join(" vs ");
const place = (e) => [e.location, e.country].filter(Boolean).join(", ");

// The popup (or, for an event without coordinates, the panel) of one event: its fields, the article link, and each
// evidence span marked inside its sentence.
function describe(e, source) {
  const side = (actor, assoc) => actor && (assoc ? `${actor} (with ${assoc})` : actor);
  const rows = [
    ["Date", `${e.event_date ?? "unknown"} (precision ${e.time_precision})`],
    ["Actors", [side(e.actor1, e.assoc_actor_1), side(e.actor2, e.assoc_actor_2)].filter(Boolean).join(" vs ")],
    ["Location", [e.location, e.admin2, e.admin1, e.country].filter(Boolean).join(", ")],
    ["Fatalities", e.fatalities ?? "none reported"],
    ["Source", [e.source, e.claim_sources?.length ? `claimed by ${e.claim_sources.join(", ")}` : ""].filter(Boolean).join("; ")],
    ["Notes", e.notes],
  ];
  const link = /^https?:\/\//i.test(source.url ?? "")
    ? `<a class="article" href="${esc(source.url)}" target="_blank" rel="noopener noreferrer">${esc(source.title || source.url)}</a>`
    : `${esc(source.title || source.article_id)} <small>(no URL stored)</small>`;
  const quotes = source.quotes.map((q) => `<li><b>${esc(q.field)}</b>: “${esc(q.before)}<mark>${esc(q.text)}</mark>`
    + `${esc(q.after)}”</li>`).join("");
  return `<div class="event"><h3 style="color:${COLOURS[e.event_type] || "#333"}">${esc(e.sub_event_type)}</h3><table>`
    + rows.map(([k, v]) => `<tr><th>${k}</th><td>${esc(v)}</td></tr>`).join("")
    + `<tr><th>Article</th><td>${link}</td></tr>`
    + `<tr><th>Evidence</th><td><ul class="evidence">${quotes}</ul></td></tr></table><small>${esc(e.event_id)}</small></div>`;
}

async function details(e) {
  const id = encodeURIComponent(e.event_id);
  const [full, source] = await Promise.all([getJSON(`/api/events/${id}`), getJSON(`/api/evidence/${id}`)]);
  return describe(full, source);
}

const icons = new Map(); // one icon per colour and size, shared by the markers
function icon(e) {
  const size = Math.round(11 + Math.min(14, 2 * Math.sqrt(e.fatalities || 0)));
  const key = `${e.event_type}|${size}`;
  if (!icons.has(key)) {
    icons.set(key, L.divIcon({
      className: "dot",
      html: `<span style="background:${COLOURS[e.event_type] || "#333"}"></span>`,
      iconSize: [size, size],
    }));
  }
  return icons.get(key);
}

// Clustering ten thousand markers takes a few hundred ms: the clustered markers of the last few filters are kept, so
// that going back to one (clearing a filter) is a swap of layers. A marker belongs to one cluster group, so each view
// has markers of its own.
const KEEP = 6;
const views = new Map(); // filters → {layer, markers: Map(event → marker)}, the latest last
let view = null; // the one on the map

function makeView(list) {
  const layer = L.markerClusterGroup({ maxClusterRadius: 45, showCoverageOnHover: false })
    .on("click", (ev) => select(ev.layer.options.event, false));
  const markers = new Map(list.map((e) => [e, L.marker([e.latitude, e.longitude], {
    icon: icon(e), title: `${shownDate(e)} ${e.sub_event_type}, ${place(e)}`, event: e,
  })]));
  return { layer, markers };
}

// Show the view of `list` kept under `key` (made if it is not), fitting the map to `bounds` if given. The old view
// leaves the map first (it would recluster for the new bounds); a new one is filled on the map (markercluster checks
// each marker added off the map against all the others).
function showView(list, key, bounds) {
  let next = views.get(key);
  views.delete(key);
  if (next !== view) view?.layer.remove();
  if (bounds) map.fitBounds(bounds, { padding: [40, 40], maxZoom: 7, animate: false });
  if (!next) {
    next = makeView(list);
    next.layer.addTo(map).addLayers([...next.markers.values()]);
  } else if (next !== view) {
    next.layer.addTo(map);
  }
  view = next;
  views.set(key, next);
  if (views.size > KEEP) views.delete(views.keys().next().value);
}

let want = {}; // the filters' values, read once per redraw
const readFilters = () => {
  want = Object.fromEntries(["country", "type", "sub", "from", "to"].map((id) => [id, $(id).value]));
  want.actor = $("actor").value.trim().toLowerCase();
};
const byFilters = (e) => (!want.country || e.country === want.country)
  && (!want.type || e.event_type === want.type)
  && (!want.sub || e.sub_event_type === want.sub)
  && (!want.actor || (e.actor1 || "").toLowerCase().includes(want.actor) || (e.actor2 || "").toLowerCase().includes(want.actor));
const inRange = (e) => (!want.from || (e.event_date && e.event_date >= want.from))
  && (!want.to || (e.event_date && e.event_date <= want.to));

// The table shows the rows in view only, so that ten thousand of them scroll and redraw at once.
function drawRows() {
  const box = $("rows");
  $("rows-space").style.height = `${shown.length * ROW}px`;
  const first = Math.floor(box.scrollTop / ROW);
  const last = Math.min(shown.length, first + Math.ceil(box.clientHeight / ROW) + 1);
  const html = [];
  for (let k = first; k < last; k++) {
    const e = shown[k];
    const cls = `row${e === selected ? " selected" : ""}${located(e) ? "" : " unlocated"}`;
    const cells = [shownDate(e), e.sub_event_type, actors(e), place(e), e.fatalities ?? ""];
    html.push(`<div class="${cls}" data-k="${k}" style="top:${k * ROW}px" title="${esc(e.event_id)}">`
      + cells.map((c) => `<span>${esc(c)}</span>`).join("") + "</div>");
  }
  $("rows-list").innerHTML = html.join("");
}

function scrollToRow(e) {
  const k = shown.indexOf(e), box = $("rows");
  if (k >= 0 && (k * ROW < box.scrollTop || (k + 1) * ROW > box.scrollTop + box.clientHeight)) {
    box.scrollTop = k * ROW - box.clientHeight / 2;
  }
}

// Select an event from its marker or its row: the row is marked, the marker shown with its popup (or the panel,
// for an event without coordinates), and the control timeline of its place drawn.
async function select(e, fromTable) {
  selected = e;
  drawRows();
  if (!fromTable) scrollToRow(e);
  const m = view?.markers.get(e);
  $("detail").hidden = Boolean(m);
  let html = "loading…";
  const open = () => selected === e && popup.setLatLng(m.getLatLng()).setContent(html).openOn(map);
  if (m && fromTable) view.layer.zoomToShowLayer(m, open);
  else if (m) open();
  drawControl(e).catch((err) => console.error(err));
  html = await details(e).catch((err) => `could not load the event: ${esc(err.message)}`);
  if (selected !== e) return;
  if (m) popup.setContent(html);
  else $("detail").innerHTML = html;
}

// Who held the selected event's place, interval by interval, on a time axis.
async function drawControl(e) {
  const box = $("control"), svg = box.querySelector("svg");
  const where = e.geonameid ?? e.location;
  if (where == null) return (box.hidden = true);
  const { intervals } = await getJSON(`/api/control?place=${encodeURIComponent(where)}&limit=10000`);
  if (selected !== e) return;
  box.hidden = false;
  box.querySelector("h2").textContent = intervals.length ? `Control of ${e.location}` : `No recorded control of ${e.location}`;
  svg.replaceChildren();
  svg.style.height = intervals.length ? `${intervals.length * 20 + 22}px` : "0";
  if (!intervals.length) return;
  const days = intervals.flatMap((i) => [i.start, i.end]).filter(Boolean).map(Date.parse);
  const t0 = Math.min(...days) - 30 * DAY, t1 = Math.max(...days) + 30 * DAY;
  const w = svg.clientWidth, left = 150, x = (t) => left + ((t - t0) / (t1 - t0)) * (w - left - 8);
  const add = (tag, attrs, text) => {
    const node = svg.appendChild(document.createElementNS(SVG, tag));
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text) node.textContent = text;
    return node;
  };
  intervals.forEach((iv, k) => {
    const a = x(iv.start ? Date.parse(iv.start) : t0), b = x(iv.end ? Date.parse(iv.end) : t1), y = k * 20 + 2;
    add("text", { x: 0, y: y + 12 }, iv.controller.length > 24 ? `${iv.controller.slice(0, 23)}…` : iv.controller);
    add("rect", { x: a, y, width: Math.max(2, b - a), height: 14, fill: Object.values(COLOURS)[k % 6], class: "interval" })
      .appendChild(document.createElementNS(SVG, "title")).textContent = `${iv.controller}: ${iv.start ?? "…"} to ${iv.end ?? "…"}`;
  });
  const y = intervals.length * 20 + 16;
  add("text", { x: left, y }, iso(t0));
  add("text", { x: w - 8, y, "text-anchor": "end" }, iso(t1));
}

let scale = null; // {t0, t1, x(t), day(px)} of the last drawn timeline, for the brush

// Events per day of those the filters other than the dates keep. A date known to its year only is left off: it
// would stretch the axis over years for a background mention.
function drawTimeline(list) {
  const svg = $("timeline");
  svg.replaceChildren();
  const counts = new Map();
  let yearOnly = 0;
  for (const e of list) {
    if (!e.event_date) continue;
    if (e.time_precision >= YEAR_ONLY) yearOnly++;
    else counts.set(e.event_date, (counts.get(e.event_date) || 0) + 1);
  }
  $("timeline-note").textContent = yearOnly === 1 ? "1 event dated to a year only is not on it."
    : yearOnly ? `${yearOnly} events dated to a year only are not on it.` : "";
  const days = [...counts.keys()].sort();
  if (!days.length) return (scale = null);
  const w = svg.clientWidth, h = svg.clientHeight, pad = 24, top = 6;
  const t0 = Date.parse(days[0]), t1 = Math.max(Date.parse(days.at(-1)) + DAY, t0 + 30 * DAY);
  const x = (t) => pad + ((t - t0) / (t1 - t0)) * (w - 2 * pad);
  scale = { x, day: (px) => iso(t0 + ((px - pad) / (w - 2 * pad)) * (t1 - t0)), t0, t1 };
  const max = Math.max(...counts.values()), barW = Math.max(2, x(t0 + DAY) - x(t0));
  const add = (tag, attrs, text) => {
    const node = svg.appendChild(document.createElementNS(SVG, tag));
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text) node.textContent = text;
    return node;
  };
  const { from, to } = want;
  if (from || to) {
    const a = x(from ? Date.parse(from) : t0), b = x(to ? Date.parse(to) + DAY : t1);
    add("rect", { x: a, y: top, width: Math.max(1, b - a), height: h - pad - top, fill: "#ffe9a8" });
  }
  for (const [day, n] of counts) {
    const bh = ((h - pad - top) * n) / max;
    const on = inRange({ event_date: day });
    add("rect", { x: x(Date.parse(day)), y: h - pad - bh, width: barW, height: bh, fill: on ? "#2f3b45" : "#b8bec4" })
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
  readFilters();
  const list = events.filter(byFilters);
  shown = list.filter(inRange);
  const onMap = shown.filter(located);
  const bounds = fit && onMap.length ? L.latLngBounds(onMap.map((e) => [e.latitude, e.longitude])) : null;
  showView(onMap, JSON.stringify(want), bounds);
  $("rows").scrollTop = 0;
  drawRows();
  drawTimeline(list);
  const off = shown.length - onMap.length;
  $("status").textContent = `${onMap.length} on the map, ${off} without coordinates (${shown.length} of ${events.length} events)`;
  performance.mark("dateline:drawn");
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

// Every stored event in the compact form, following the pages' cursors to the last.
async function allEvents(url) {
  const out = [];
  for (let page = await getJSON(url); ; page = await getJSON(`${url}&cursor=${encodeURIComponent(page.next)}`)) {
    const { columns } = page, names = Object.keys(columns);
    for (let k = 0; k < columns.event_id.length; k++) {
      const e = {};
      for (const name of names) e[name] = columns[name][k];
      out.push(e);
    }
    if (!page.next) return out;
  }
}

function fill(select, values) {
  const keep = select.value;
  select.replaceChildren(new Option("all", ""), ...values.map((v) => new Option(v, v)));
  select.value = values.includes(keep) ? keep : "";
}

const distinctValues = (list, key) => [...new Set(list.map((e) => e[key]).filter(Boolean))].sort();
const subTypes = () => fill($("sub"), distinctValues(events.filter((e) => !$("type").value || e.event_type === $("type").value), "sub_event_type"));

async function load(fit) {
  events = await allEvents(`/api/map?limit=10000${$("distinct").checked ? "&distinct=true" : ""}`);
  fill($("country"), distinctValues(events, "country"));
  fill($("type"), Object.keys(COLOURS).filter((t) => events.some((e) => e.event_type === t)));
  subTypes();
  const names = [...new Set(events.flatMap((e) => [e.actor1, e.actor2]).filter(Boolean))].sort();
  $("actors").replaceChildren(...names.map((n) => new Option(n)));
  selected = null;
  view?.layer.remove();
  view = null;
  views.clear();
  refresh(fit);
}

function main() {
  legend();
  brush();
  drawCountries().catch((err) => console.error(err));
  $("country").addEventListener("change", () => refresh(true));
  $("type").addEventListener("change", () => { subTypes(); refresh(true); });
  $("sub").addEventListener("change", () => refresh(true));
  $("actor").addEventListener("change", () => refresh(true));
  for (const id of ["from", "to"]) $(id).addEventListener("change", () => refresh());
  $("distinct").addEventListener("change", () => load(false));
  $("reset").addEventListener("click", () => {
    for (const id of ["country", "type", "sub", "actor", "from", "to"]) $(id).value = "";
    subTypes();
    refresh(true);
  });
  $("rows").addEventListener("scroll", drawRows);
  $("rows-list").addEventListener("click", (ev) => {
    const row = ev.target.closest(".row");
    if (row) select(shown[Number(row.dataset.k)], true);
  });
  window.addEventListener("resize", () => { drawRows(); drawTimeline(events.filter(byFilters)); });
  load(true)
    .then(() => performance.mark("dateline:loaded"))
    .catch((err) => ($("status").textContent = `could not load events: ${err.message}`));
}

main();
