// The demo player: fetches a playlist as JSON (one viewing session), plays its
// entries in order, keeps skip and seek greyed out while an ad plays or when the
// playlist forbids them, plays HLS with hls.js and sends the VAST tracking
// beacons of ads (/_/t/<token>/<event>, docs/ads.md) as playback reaches them.
const $ = (id) => document.getElementById(id);

const QUARTILES = [
  ["firstQuartile", 0.25],
  ["midpoint", 0.5],
  ["thirdQuartile", 0.75],
];

let playlist = null;
let current = -1;
let media = null; // the <video> or <audio> of the current entry
let hls = null;
let sentBeacons = new Set();

function isAd(entry) {
  return entry.kind === "ad";
}

function isHls(entry) {
  return /mpegurl/i.test(entry.mediaType ?? "") || /\.m3u8$/i.test(new URL(entry.url, location.href).pathname);
}

function isAudio(entry) {
  return /^audio\//i.test(entry.mediaType ?? "");
}

// What the playlist lets the viewer do now; the server enforces the same rules.
function allowed(entry) {
  return {
    seek: !isAd(entry) && entry.canSeek !== false,
    skip: !isAd(entry) && entry.canSkipForward !== false && current < playlist.entries.length - 1,
    back: !isAd(entry) && entry.canSkipBack !== false && current > 0,
  };
}

function showProblem(message) {
  $("problem").textContent = message;
  $("problem").hidden = !message;
}

// ---- tracking beacons -------------------------------------------------------------------

// An ad's beacon shares its entry's signed token: /_/e/<token> -> /_/t/<token>/<event>.
function beaconUrl(entry, event) {
  const url = new URL(entry.url, location.href);
  return url.pathname.startsWith("/_/e/") ? `${url.origin}/_/t/${url.pathname.slice(5)}/${event}` : null;
}

async function beacon(entry, event) {
  const key = `${current}:${event}`;
  if (!isAd(entry) || sentBeacons.has(key)) return;
  sentBeacons.add(key);
  const url = beaconUrl(entry, event);
  if (!url) return;
  // Listed when sent, so the list keeps the order of playback whatever order the answers come in.
  const line = document.createElement("li");
  line.dataset.event = event;
  line.textContent = `${entry.title ?? "ad"}: ${event} → …`;
  $("beacons").append(line);
  try {
    const response = await fetch(url, { cache: "no-store", keepalive: true });
    line.dataset.status = String(response.status);
    line.textContent = `${entry.title ?? "ad"}: ${event} → ${response.status}`;
  } catch (e) {
    line.dataset.status = "failed";
    line.textContent = `${entry.title ?? "ad"}: ${event} → ${e.message}`;
  }
}

function trackProgress(entry) {
  if (!media.duration || !isFinite(media.duration)) return;
  const played = media.currentTime / media.duration;
  for (const [event, at] of QUARTILES) if (played >= at) beacon(entry, event);
}

// ---- controls ---------------------------------------------------------------------------

function clock(seconds) {
  const s = Math.max(0, Math.floor(seconds || 0));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

function drawControls() {
  const entry = playlist?.entries[current];
  const can = entry ? allowed(entry) : { seek: false, skip: false, back: false };
  $("seek").disabled = !can.seek;
  $("skip").disabled = !can.skip;
  $("back").disabled = !can.back;
  $("toggle").disabled = !entry;
  $("ad-badge").hidden = !(entry && isAd(entry));
  if (media) {
    $("toggle").textContent = media.paused ? "Play" : "Pause";
    const duration = isFinite(media.duration) ? media.duration : 0;
    $("time").textContent = `${clock(media.currentTime)} / ${clock(duration)}`;
    if (duration && document.activeElement !== $("seek")) {
      $("seek").value = String(Math.round((1000 * media.currentTime) / duration));
    }
  }
  document.querySelectorAll("#entries li").forEach((li, i) => li.classList.toggle("current", i === current));
}

// ---- playback ---------------------------------------------------------------------------

function stopCurrent() {
  if (hls) {
    hls.destroy();
    hls = null;
  }
  if (media) {
    media.pause();
    media.removeAttribute("src");
    media.load();
  }
}

function play(index) {
  stopCurrent();
  current = index;
  const entry = playlist.entries[index];
  if (!entry) {
    media = null;
    drawControls();
    $("title").textContent = `${playlist.title ?? "Playlist"} — finished`;
    document.body.dataset.state = "finished";
    return;
  }
  media = isAudio(entry) ? $("audio") : $("video");
  $("video").hidden = media !== $("video");
  $("audio").hidden = media !== $("audio");
  media.muted = $("muted").checked;
  if (isHls(entry) && window.Hls?.isSupported()) {
    hls = new window.Hls();
    hls.on(window.Hls.Events.ERROR, (_, data) => {
      if (data.fatal) showProblem(`HLS: ${data.details}`);
    });
    hls.loadSource(entry.url);
    hls.attachMedia(media);
  } else {
    media.src = entry.url;
  }
  document.body.dataset.engine = hls ? "hls.js" : "native";
  document.body.dataset.state = isAd(entry) ? "ad" : "content";
  document.body.dataset.entry = String(index);
  $("title").textContent = `${playlist.title ?? "Playlist"} — ${entry.title ?? `entry ${index + 1}`}`;
  drawControls();
  media.play().catch((e) => showProblem(`cannot play ${entry.title ?? entry.url}: ${e.message}`));
}

function listEntries() {
  $("entries").replaceChildren(
    ...playlist.entries.map((entry) => {
      const li = document.createElement("li");
      li.textContent = `${entry.title ?? entry.url}${entry.durationSeconds ? ` (${clock(entry.durationSeconds)})` : ""}`;
      li.classList.toggle("ad", isAd(entry));
      return li;
    }),
  );
}

async function open(path) {
  showProblem("");
  const url = new URL(path, location.href);
  url.searchParams.set("format", "json");
  const response = await fetch(url, { cache: "no-store" });
  if (!response.ok) throw new Error(`${url.pathname}: ${response.status} ${(await response.text()).trim()}`);
  playlist = await response.json();
  sentBeacons = new Set();
  $("beacons").replaceChildren();
  listEntries();
  play(0);
}

for (const element of [$("video"), $("audio")]) {
  element.addEventListener("playing", () => {
    if (element !== media) return;
    const entry = playlist.entries[current];
    beacon(entry, "impression");
    beacon(entry, "start");
  });
  element.addEventListener("timeupdate", () => {
    if (element !== media) return;
    trackProgress(playlist.entries[current]);
    drawControls();
  });
  element.addEventListener("ended", () => {
    if (element !== media) return;
    beacon(playlist.entries[current], "complete");
    play(current + 1);
  });
  element.addEventListener("error", () => {
    if (element !== media || !element.error) return;
    showProblem(`entry ${current + 1} failed: ${element.error.message || `media error ${element.error.code}`}`);
  });
  for (const change of ["loadedmetadata", "play", "pause"]) element.addEventListener(change, drawControls);
}

$("open").addEventListener("submit", (event) => {
  event.preventDefault();
  open($("playlist").value).catch((e) => showProblem(e.message));
});
$("toggle").addEventListener("click", () => {
  if (media) media.paused ? media.play() : media.pause();
});
$("skip").addEventListener("click", () => {
  if (allowed(playlist.entries[current]).skip) play(current + 1);
});
$("back").addEventListener("click", () => {
  if (allowed(playlist.entries[current]).back) play(current - 1);
});
$("seek").addEventListener("change", () => {
  if (media && allowed(playlist.entries[current]).seek && isFinite(media.duration)) {
    media.currentTime = (Number($("seek").value) / 1000) * media.duration;
  }
});
$("muted").addEventListener("change", () => {
  if (media) media.muted = $("muted").checked;
});

const requested = new URLSearchParams(location.search).get("playlist");
if (requested) $("playlist").value = requested;
drawControls();
if (requested) open(requested).catch((e) => showProblem(e.message));
