// interlude-ads-bench [--campaigns N] [--picks N]: builds a catalog of N campaigns
// (default 10,000) in one slot, as XML read by the real reader, with a mix of
// weights, categories, targeting, day-parts, frequency caps and paced goals, then
// times ads.pick calls against the memory session store and prints the median and
// p99 microseconds per call, for one ad, a break of three, one ad of a category that
// only 1 campaign in 300 has, and one ad when the targeting of 99 campaigns in 100
// (a second catalog) refuses the request: the worst case, where draws fail and the
// slot is narrowed by a scan.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "interlude/core/MemorySessionStore.h"
#include "interlude/scripting/AdDecisioner.h"
#include "interlude/scripting/CatalogReader.h"

namespace {

using namespace interlude;
using Micros = std::chrono::duration<double, std::micro>;

// `sparse`: all but one campaign in 100 (about 1% of the weight) want a query parameter
// the bench never sends.
std::string catalogText(int campaigns, bool sparse) {
  std::string xml = "<catalog xmlns=\"urn:interlude:ads:1\">\n";
  for (int i = 0; i < campaigns; ++i) {
    const auto n = std::to_string(i);
    xml += "<campaign id=\"c" + n + "\" weight=\"" + std::to_string(1 + i % 10) +
           "\" categories=\"cat" + std::to_string(i % 300) +
           "\" slots=\"preroll midroll\" start=\"2026-01-01T00:00:00Z\" "
           "end=\"2027-01-01T00:00:00Z\">";
    if (sparse && i % 100 != 5) {
      xml += "<target><query name=\"region\" equals=\"north\"/></target>";
    } else {
      if (i % 10 == 1)
        xml += "<dayparts><daypart days=\"mon-fri\" from=\"18:00\" to=\"23:00\"/></dayparts>";
      if (i % 10 == 2) xml += "<target><query name=\"lang\" equals=\"en\"/></target>";
      if (i % 10 == 3) xml += "<target><userAgent contains=\"roku\"/></target>";
      if (i % 5 == 4) xml += "<cap impressions=\"3\" per=\"1h\"/>";
      if (i % 4 == 0) xml += "<goal impressions=\"1000000\"/>";
    }
    xml += "<creative id=\"k" + n + "\" src=\"ads/" + n +
           ".mp4\" duration=\"15\" type=\"video/mp4\" bitrate=\"800\" width=\"640\" "
           "height=\"360\" clickThrough=\"https://example.com/" +
           n + "\"><tracking event=\"start\" url=\"https://t.example.com/s\"/></creative>";
    xml += "</campaign>\n";
  }
  return xml + "</catalog>\n";
}

struct Figures {
  double median;
  double p99;
  double picksPerCall;
};

struct Scenario {
  const char* name;
  std::shared_ptr<const scripting::AdCatalog> catalog;
  const char* slot;
  std::size_t max;
  std::vector<std::string> categories;
};

Figures run(scripting::AdDecisioner& decisioner, const Scenario& scenario, int picks) {
  scripting::AdRandom random(42);
  scripting::AdPickRequest request;
  request.slot = scenario.slot;
  request.max = scenario.max;
  request.categories = scenario.categories;
  request.context.query["lang"] = "en";
  request.context.userAgent = "Mozilla/5.0 (X11; Linux x86_64)";
  request.now = std::chrono::sys_days(std::chrono::year(2026) / 6 / 3) + std::chrono::hours(20);
  std::vector<double> times;
  times.reserve(static_cast<std::size_t>(picks));
  std::size_t got = 0;
  for (int i = 0; i < picks; ++i) {
    request.viewer = "viewer" + std::to_string(i % 10000);
    const auto start = std::chrono::steady_clock::now();
    got += decisioner.pick(*scenario.catalog, request, random).size();
    times.push_back(Micros(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(times.begin(), times.end());
  return {times[times.size() / 2], times[times.size() * 99 / 100],
          static_cast<double>(got) / picks};
}

}  // namespace

int main(int argc, char** argv) {
  int campaigns = 10000;
  int picks = 100000;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string arg = argv[i];
    if (arg == "--campaigns") campaigns = std::max(1, std::atoi(argv[i + 1]));
    if (arg == "--picks") picks = std::max(1, std::atoi(argv[i + 1]));
  }
  const auto loadStart = std::chrono::steady_clock::now();
  const auto catalog = scripting::parseAdCatalogText(catalogText(campaigns, false), "bench.xml");
  const auto loaded =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - loadStart);
  std::printf("catalog: %d campaigns read in %.1f ms\n", campaigns, loaded.count());
  const auto sparse = scripting::parseAdCatalogText(catalogText(campaigns, true), "sparse.xml");
  core::MemorySessionStore store;
  scripting::AdDecisioner decisioner(store);
  const Scenario scenarios[] = {
      {"one ad", catalog, "preroll", 1, {}},
      {"break of 3", catalog, "midroll", 3, {}},
      {"1 category of 300", catalog, "preroll", 1, {"cat7"}},
      {"1% targeted open", sparse, "preroll", 1, {}},
  };
  for (const auto& scenario : scenarios) {
    const auto f = run(decisioner, scenario, picks);
    std::printf("%-18s %d calls  median %.2f us  p99 %.2f us  (%.2f ads a call)\n", scenario.name,
                picks, f.median, f.p99, f.picksPerCall);
  }
  return 0;
}
