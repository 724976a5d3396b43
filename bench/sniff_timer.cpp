// interlude-sniff-bench [--reps N] FILE...: sniffs each file N times in process
// (open, headers, close: what the throttling plugin does per request) and
// prints one line per file: the median time in microseconds, the container and
// the sniffed duration. bench/sniff.sh runs it against the media corpus.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "interlude/throttling/Sniff.h"

namespace {

double medianMicros(const std::string& file, int reps) {
  std::vector<double> times;
  times.reserve(static_cast<std::size_t>(reps));
  for (int i = 0; i < reps; ++i) {
    const auto start = std::chrono::steady_clock::now();
    interlude::throttling::sniffFile(file);
    const auto end = std::chrono::steady_clock::now();
    times.push_back(std::chrono::duration<double, std::micro>(end - start).count());
  }
  std::nth_element(times.begin(), times.begin() + reps / 2, times.end());
  return times[static_cast<std::size_t>(reps / 2)];
}

}  // namespace

int main(int argc, char** argv) {
  int reps = 1000;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--reps" && i + 1 < argc) {
      reps = std::max(1, std::atoi(argv[++i]));
    } else {
      files.push_back(arg);
    }
  }
  if (files.empty()) {
    std::fprintf(stderr, "usage: interlude-sniff-bench [--reps N] FILE...\n");
    return 2;
  }
  for (const auto& file : files) {
    const auto info = interlude::throttling::sniffFile(file);
    // The first sniff above warmed the page cache.
    std::printf("%.2f\t%s\t%.3f\t%s\n", medianMicros(file, reps), info.container.c_str(),
                info.durationSeconds, file.c_str());
  }
  return 0;
}
