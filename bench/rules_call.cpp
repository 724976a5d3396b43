// interlude-rules-bench RULES.lua CATALOG.xml [--calls N] [--threads T]: times the
// ad rules step alone, as a playlist request runs it (SiteRules::onPlaylist on a
// resolution of a kept 10-entry expansion, with the memory session store),
// without the HTTP server: the median and p99 microseconds per call, and the
// same for making the resolution alone (what every call starts from). T threads (default 1)
// call at once, as a server's workers do; every call comes from one viewer, as
// bench/rules.sh's wrk requests do (no cookie, one address).
#include <Poco/Logger.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "interlude/core/MemorySessionStore.h"
#include "rules/SiteRules.h"

namespace {

using namespace interlude;
using Micros = std::chrono::duration<double, std::micro>;

playlists::ExpandedPlaylist tenClips() {
  playlists::ExpandedPlaylist playlist;
  playlist.head.file = "/srv/interlude/site/demo.isx";
  playlist.head.title = "Benchmark";
  playlist.head.inactivityTimeoutSeconds = 900;
  for (int i = 1; i <= 10; ++i) {
    playlists::ResolvedEntry r;
    r.entry.src = "media/clip" + std::to_string(i) + ".mp4";
    r.entry.title = "Clip " + std::to_string(i);
    r.entry.durationSeconds = 2.5;
    r.entry.pos = {playlist.head.file, 6 + i, 5};
    r.target = "/" + r.entry.src;
    playlist.entries.push_back(r);
  }
  return playlist;
}

template <class Call>
void report(const char* name, int calls, int threads, Call call) {
  std::vector<double> times;
  std::size_t entries = 0;
  std::mutex merge;
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      std::vector<double> own;
      own.reserve(static_cast<std::size_t>(calls / threads));
      std::size_t got = 0;
      for (int i = 0; i < calls / threads; ++i) {
        const auto start = std::chrono::steady_clock::now();
        got += call();
        own.push_back(Micros(std::chrono::steady_clock::now() - start).count());
      }
      const std::lock_guard lock(merge);
      times.insert(times.end(), own.begin(), own.end());
      entries += got;
    });
  }
  for (auto& w : workers) w.join();
  std::sort(times.begin(), times.end());
  std::printf("%-24s %zu calls on %d threads  median %.2f us  p99 %.2f us  (%.1f entries after)\n",
              name, times.size(), threads, times[times.size() / 2], times[times.size() * 99 / 100],
              static_cast<double>(entries) / times.size());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s RULES.lua CATALOG.xml [--calls N] [--threads T]\n", argv[0]);
    return 2;
  }
  int calls = 50000;
  int threads = 1;
  for (int i = 3; i + 1 < argc; i += 2) {
    const std::string arg = argv[i];
    if (arg == "--calls") calls = std::max(1, std::atoi(argv[i + 1]));
    if (arg == "--threads") threads = std::max(1, std::atoi(argv[i + 1]));
  }
  scripting::ScriptingSettings settings;
  settings.rules = argv[1];
  settings.catalog = argv[2];
  core::MemorySessionStore store;
  const scripting::rules::SiteRules rules(settings, store, Poco::Logger::get("bench"));
  const auto base = std::make_shared<const playlists::ExpandedPlaylist>(tenClips());
  report("resolution", calls, threads, [&] {
    const playlists::Resolution resolution(base, true);
    return resolution.entries.size();
  });
  const playlists::PlaylistRequest request{
      "/demo.isx", "format=m3u", {{"user-agent", "wrk"}}, "127.0.0.1", "bench"};
  report("on_playlist", calls, threads, [&] {
    playlists::Resolution resolution(base, true);
    rules.onPlaylist(resolution, request);
    return resolution.entries.size();
  });
  return 0;
}
