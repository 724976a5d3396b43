// interlude-rules-bench RULES.lua CATALOG.xml [--calls N]: times the ad rules step
// alone, as a playlist request runs it (SiteRules::onPlaylist on a copy of a
// resolved 10-entry playlist, with the memory session store), without the HTTP
// server: the median and p99 microseconds per call, and the same for copying
// the playlist alone (what every call starts from). One thread; what
// bench/rules.sh measures over HTTP, less the server's own part.
#include <Poco/Logger.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "interlude/core/MemorySessionStore.h"
#include "rules/SiteRules.h"

namespace {

using namespace interlude;
using Micros = std::chrono::duration<double, std::micro>;

playlists::ResolvedPlaylist tenClips() {
  playlists::ResolvedPlaylist playlist;
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
void report(const char* name, int calls, Call call) {
  std::vector<double> times;
  times.reserve(static_cast<std::size_t>(calls));
  std::size_t entries = 0;
  for (int i = 0; i < calls; ++i) {
    const auto start = std::chrono::steady_clock::now();
    entries += call(i);
    times.push_back(Micros(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(times.begin(), times.end());
  std::printf("%-24s %d calls  median %.2f us  p99 %.2f us  (%.1f entries after)\n", name, calls,
              times[times.size() / 2], times[times.size() * 99 / 100],
              static_cast<double>(entries) / calls);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s RULES.lua CATALOG.xml [--calls N]\n", argv[0]);
    return 2;
  }
  int calls = 50000;
  if (argc == 5 && std::string(argv[3]) == "--calls") calls = std::max(1, std::atoi(argv[4]));
  scripting::ScriptingSettings settings;
  settings.rules = argv[1];
  settings.catalog = argv[2];
  core::MemorySessionStore store;
  const scripting::rules::SiteRules rules(settings, store, Poco::Logger::get("bench"));
  const auto base = tenClips();
  report("copy of the playlist", calls, [&](int) {
    auto playlist = base;
    return playlist.entries.size();
  });
  report("on_playlist", calls, [&](int i) {
    auto playlist = base;
    // A viewer per call, as wrk's requests without cookies are.
    const playlists::PlaylistRequest request{"/demo.isx",
                                             "format=m3u",
                                             {{"user-agent", "wrk"}},
                                             "10.0.0." + std::to_string(i % 250),
                                             "bench"};
    rules.onPlaylist(playlist, request);
    return playlist.entries.size();
  });
  return 0;
}
