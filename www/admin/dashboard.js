// The dashboard: asks for the token once, then polls the admin API every second
// and redraws each panel from what it answered. Every action is an API call.
import { AdminApi, Unauthorized } from "./api.js";
import { bits, bytes, duration, percent } from "./format.js";
import { Sparkline } from "./sparkline.js";

const POLL_MS = 1000;
const SESSIONS_SHOWN = 200;
const AD_EVENTS = ["impression", "start", "firstQuartile", "midpoint", "thirdQuartile", "complete"];

const api = new AdminApi();
const $ = (id) => document.getElementById(id);

// An element with text children (never HTML: paths and addresses come from clients).
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children.map((c) => (c instanceof Node ? c : String(c ?? ""))));
  return node;
}

function button(label, action, attributes = {}) {
  const node = el("button", { type: "button", ...attributes }, label);
  node.addEventListener("click", () => act(action));
  return node;
}

function progressBar(part, whole) {
  const shown = percent(part, whole);
  return el("progress", { max: "100", value: shown.toFixed(1), title: `${shown.toFixed(1)}%` });
}

// Replaces the rows only when they changed: a row being hovered or clicked stays put.
function fill(tbody, rows, empty) {
  const shown = rows.length ? rows : [el("tr", { class: "empty" }, el("td", { colspan: "9" }, empty))];
  if (shown.map((row) => row.outerHTML).join("") === tbody.innerHTML) return;
  tbody.replaceChildren(...shown);
}

// Runs a user action, then redraws at once; errors show in the status line.
async function act(action) {
  try {
    await action();
    await refresh();
  } catch (e) {
    showProblem(e);
  }
}

function showProblem(error) {
  if (error instanceof Unauthorized) {
    logout("The token was refused: " + error.message.trim());
    return;
  }
  $("connection").textContent = error.message;
  $("connection").hidden = false;
}

// ---- overview -------------------------------------------------------------------------

const charts = {};
let previous = null;

function counterSum(counters, name) {
  return Object.entries(counters)
    .filter(([series]) => series === name || series.startsWith(name + "{"))
    .reduce((sum, [, value]) => sum + value, 0);
}

function drawStatus(status) {
  $("server-line").textContent = `${status.version} · admin ${status.admin ?? ""}`;
  $("version").textContent = status.version;
  $("uptime").textContent = duration(status.uptimeSeconds);
  $("listeners").textContent = (status.listeners ?? []).join(", ");
  $("sites").textContent = (status.sites ?? []).map((s) => `${s.name} (${s.hosts.join(", ") || "any host"})`).join(", ");
  $("plugins").textContent = (status.plugins ?? []).join(", ");
  $("config-file").textContent = status.config ?? "";
  $("reloads-applied").textContent = status.reloads?.applied ?? 0;
  $("reloads-refused").textContent = status.reloads?.refused ?? 0;

  const now = performance.now();
  const requests = counterSum(status.counters, "interlude_requests_total");
  const sent = counterSum(status.counters, "interlude_response_bytes_total");
  if (previous) {
    const seconds = Math.max((now - previous.at) / 1000, 0.001);
    const rps = Math.max(0, (requests - previous.requests) / seconds);
    const bandwidth = Math.max(0, ((sent - previous.sent) * 8) / seconds);
    $("rps").textContent = rps.toFixed(1);
    $("bandwidth").textContent = bits(bandwidth);
    charts.rps.push(rps);
    charts.bandwidth.push(bandwidth);
  }
  previous = { at: now, requests, sent };
}

// ---- throttled downloads ------------------------------------------------------------------

function drawDownloads(throttle) {
  $("downloads-count").textContent = `(${throttle.active})`;
  const totals = throttle.totals ?? {};
  $("bytes-sent").textContent = bytes(totals.bytesSent);
  $("bytes-saved").textContent = bytes(totals.bytesSaved);
  $("downloads-done").textContent = `${totals.completed ?? 0} completed, ${totals.aborted ?? 0} left early`;
  fill(
    $("downloads-rows"),
    throttle.downloads.map((d) =>
      el(
        "tr",
        { "data-path": d.path },
        el("td", {}, d.client),
        el("td", {}, d.path),
        el("td", {}, d.bitrate ? bits(d.bitrate) : "not sniffed"),
        el("td", {}, bits(d.rateBitsPerSecond)),
        el("td", {}, progressBar(d.bytesSent, d.length), ` ${bytes(d.bytesSent)} / ${bytes(d.length)}`),
        el("td", {}, duration(d.elapsedSeconds)),
      ),
    ),
    "No throttled download right now.",
  );
}

// ---- playlist sessions ----------------------------------------------------------------------

function sessionsPath() {
  const query = $("sessions-search").value.trim();
  const params = new URLSearchParams({ limit: String(SESSIONS_SHOWN) });
  if (query) params.set("q", query);
  return `/api/sessions?${params}`;
}

function drawSessions(answer) {
  $("sessions-count").textContent = `(${answer.sessions.length}${answer.truncated ? "+" : ""})`;
  const nowSeconds = Date.now() / 1000;
  fill(
    $("sessions-rows"),
    answer.sessions.map((s) => {
      const current = s.current;
      return el(
        "tr",
        { "data-session": s.id },
        el("td", {}, s.playlist, el("br"), el("small", {}, `${s.site} · ${s.id}`)),
        el("td", {}, s.viewer ?? ""),
        el("td", {}, current ? `${current.index + 1}/${s.entries} ${current.title ?? ""} (${current.kind})` : "not started"),
        el("td", {}, current ? progressBar(current.delivered, current.size) : "", current ? ` ${bytes(current.delivered)} / ${bytes(current.size)}` : ""),
        el("td", {}, `in ${duration(s.expires - nowSeconds)}`, el("br"), el("small", {}, `or after ${duration(s.inactivitySeconds)} idle`)),
        el("td", {}, button("End", () => api.call("DELETE", `/api/sessions/${encodeURIComponent(s.id)}`), { class: "danger" })),
      );
    }),
    $("sessions-search").value ? "No session matches." : "No live session.",
  );
}

// ---- publishing points --------------------------------------------------------------------

// Origins list their upstreams; a multicast point its group and the last datagram's age.
function upstreamHealth(point) {
  if (point.group) {
    const age = point.secondsSinceLastDatagram;
    return `${point.group}${age === undefined || age === null ? "" : ` · last datagram ${Number(age).toFixed(1)} s ago`}`;
  }
  const upstreams = point.upstreams ?? [];
  if (!upstreams.length) return point.folder ?? "";
  return el(
    "ul",
    { class: "upstreams" },
    ...upstreams.map((u) => el("li", { class: u.up ? "up" : "down" }, `${u.url} ${u.up ? "up" : `down (${u.consecutiveFailures} failures)`}`)),
  );
}

function cacheRatio(point) {
  const cache = point.cache;
  return cache ? `${(100 * cache.hitRatio).toFixed(0)}% of ${cache.hits + cache.misses}` : "";
}

function drawPoints(answer) {
  $("points").hidden = answer === null;
  if (answer === null) return;
  fill(
    $("points-rows"),
    answer.points.map((p) => {
      const path = `/api/points/${encodeURIComponent(p.name)}`;
      const running = p.state === "started" || p.state === "starting";
      return el(
        "tr",
        { "data-point": p.name },
        el("td", {}, p.name, el("br"), el("small", {}, p.prefix ?? "")),
        el("td", {}, p.kind ?? ""),
        el("td", { class: `state ${p.state}` }, p.state),
        el("td", {}, upstreamHealth(p)),
        el("td", {}, p.clients ?? 0),
        el("td", {}, cacheRatio(p)),
        el(
          "td",
          {},
          running ? button("Stop", () => api.call("POST", `${path}/stop`)) : button("Start", () => api.call("POST", `${path}/start`)),
        ),
      );
    }),
    "No publishing point configured.",
  );
}

// ---- ads ------------------------------------------------------------------------------

function drawAds(answer) {
  $("ads").hidden = answer === null;
  if (answer === null) return;
  const rows = [];
  for (const campaign of answer.campaigns) {
    rows.push(el("tr", { class: "campaign" }, el("th", { colspan: "7" }, `${campaign.id} (${campaign.site})`)));
    for (const creative of campaign.creatives) {
      rows.push(el("tr", {}, el("td", {}, creative.id), ...AD_EVENTS.map((e) => el("td", {}, creative[e] ?? 0))));
    }
  }
  fill($("ads-rows"), rows, "No campaign in any catalog.");
  fill(
    $("slots-rows"),
    answer.slots.map((s) => el("tr", {}, el("td", {}, s.slot), el("td", {}, s.picks), el("td", {}, s.filled), el("td", {}, `${(100 * s.fillRate).toFixed(0)}%`))),
    "No ad request yet.",
  );
}

// ---- config reload --------------------------------------------------------------------

async function reload() {
  const response = await api.call("POST", "/api/reload", [422]);
  const result = $("reload-result");
  result.textContent = await response.text();
  result.className = response.ok ? "ok" : "error";
  result.hidden = false;
}

// ---- polling --------------------------------------------------------------------------

let timer = null;

async function refresh() {
  const [status, throttle, sessions, points, ads] = await Promise.all([
    api.json("/api/status"),
    api.optionalJson("/api/throttle"),
    api.optionalJson(sessionsPath()),
    api.optionalJson("/api/points"),
    api.optionalJson("/api/ads"),
  ]);
  drawStatus(status);
  $("downloads").hidden = throttle === null;
  if (throttle) drawDownloads(throttle);
  $("sessions").hidden = sessions === null;
  if (sessions) drawSessions(sessions);
  drawPoints(points);
  drawAds(ads);
  $("connection").hidden = true;
}

async function poll() {
  try {
    await refresh();
  } catch (e) {
    showProblem(e);
  }
  if (api.token) timer = setTimeout(poll, POLL_MS);
}

function start() {
  $("login").hidden = true;
  $("dashboard").hidden = false;
  $("logout").hidden = false;
  charts.rps ??= new Sparkline($("rps-chart"));
  charts.bandwidth ??= new Sparkline($("bandwidth-chart"));
  poll();
}

function logout(message = "") {
  clearTimeout(timer);
  api.token = null;
  previous = null;
  $("dashboard").hidden = true;
  $("logout").hidden = true;
  $("login").hidden = false;
  $("login-error").textContent = message;
  $("token").focus();
}

$("login").addEventListener("submit", async (event) => {
  event.preventDefault();
  api.token = $("token").value;
  try {
    await api.json("/api/status");
    start();
  } catch (e) {
    logout(e instanceof Unauthorized ? "That token was refused." : e.message);
  }
});
$("logout").addEventListener("click", () => logout());
$("reload").addEventListener("click", () => act(reload));
$("sessions-search").addEventListener("input", () => act(async () => {}));

if (api.token) start();
else logout();
