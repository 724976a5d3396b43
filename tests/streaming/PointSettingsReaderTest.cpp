#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>

#include "interlude/core/ConfigLoader.h"
#include "interlude/core/Diagnostic.h"
#include "points/PointSettingsReader.h"

namespace fs = std::filesystem;
using namespace interlude;
using namespace interlude::streaming::points;

namespace {

const std::string kServer = "<server><listen address=\"127.0.0.1:8080\"/></server>";

// A config file in a fresh folder, with a site root and a media folder beside it.
class ConfigFolder {
 public:
  ConfigFolder() : dir_(fs::temp_directory_path() / fs::path("points-test-XXXXXX")) {
    std::string pattern = dir_.string();
    dir_ = ::mkdtemp(pattern.data());
    fs::create_directories(dir_ / "site");
    fs::create_directories(dir_ / "media");
  }
  ~ConfigFolder() { fs::remove_all(dir_); }

  // Loads a config whose only site holds `siteXml`, with `topXml` before the site.
  core::Config load(const std::string& siteXml, const std::string& topXml = "") const {
    const auto path = dir_ / "config.xml";
    std::ofstream(path) << "<?xml version=\"1.0\"?>\n"
                           "<interlude xmlns=\"urn:interlude:config:1\">" +
                               kServer + "\n"
                        << topXml << "<site name=\"main\" root=\"site\" default=\"true\">\n"
                        << siteXml << "\n</site>\n</interlude>\n";
    return core::loadConfig(path.string());
  }
  std::string path(const std::string& rel) const { return (dir_ / rel).string(); }

 private:
  fs::path dir_;
};

const std::string kOpen = "<streaming xmlns=\"urn:interlude:streaming:1\">\n";
const std::string kClose = "</streaming>";

// Every message of the InputError readPoints throws, one a line.
std::string problemsOf(const core::Config& config) {
  try {
    readPoints(config);
  } catch (const core::InputError& e) {
    return e.report();
  }
  BOOST_FAIL("readPoints accepted the config");
  return {};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(point_settings_reader)

BOOST_AUTO_TEST_CASE(reads_the_three_kinds_with_their_defaults) {
  ConfigFolder folder;
  const auto config = folder.load(
      kOpen +
      "<point name=\"vod\" prefix=\"/vod/\" kind=\"ondemand\" folder=\"media\"/>\n"
      "<point name=\"live\" prefix=\"/live/\" kind=\"origin\" state=\"stopped\" rollover=\"vod\"\n"
      "       policy=\"primary-backup\" maxBitrateKbps=\"800\" failAfter=\"2\">\n"
      "  <upstream url=\"http://127.0.0.1:9001/hls/\"/><upstream url=\"http://127.0.0.1:9002/\"/>\n"
      "  <cache folder=\"cache\" maxMiB=\"64\"/>\n"
      "</point>\n"
      "<point name=\"tv\" prefix=\"/tv/\" kind=\"multicast\" group=\"239.1.2.3:5004\"\n"
      "       transport=\"rtp\" rollover=\"http://backup.example/tv/\"/>\n" +
      kClose);
  const auto sites = readPoints(config);
  BOOST_TEST_REQUIRE(sites.size() == 1u);
  BOOST_TEST(sites[0].site == "main");
  const auto& points = sites[0].points;
  BOOST_TEST_REQUIRE(points.size() == 3u);

  const auto& vod = points[0];
  BOOST_TEST((vod.kind == PointKind::OnDemand));
  BOOST_TEST(vod.folder == folder.path("media"));
  BOOST_TEST((vod.initialState == PointState::Started));
  BOOST_TEST(vod.retryAfterSeconds == 10u);
  BOOST_TEST((vod.denyExtensions == std::vector<std::string>{".ismv", ".isma"}));
  BOOST_TEST(vod.pos.line == 5);

  const auto& live = points[1];
  BOOST_TEST((live.kind == PointKind::Origin));
  BOOST_TEST((live.initialState == PointState::Stopped));
  BOOST_TEST(live.rollover == "vod");
  BOOST_TEST(!live.rolloverIsUrl());
  BOOST_TEST_REQUIRE(live.upstream.upstreams.size() == 2u);
  BOOST_TEST(live.upstream.upstreams[0].toString() == "http://127.0.0.1:9001/hls/");
  BOOST_TEST((live.upstream.policy == streaming::proxy::UpstreamPolicy::PrimaryBackup));
  BOOST_TEST(live.upstream.maxBitrate == 800000u);
  BOOST_TEST(live.upstream.failuresBeforeDown == 2u);
  BOOST_TEST(live.upstream.connectTimeout.count() == 2000);
  BOOST_TEST_REQUIRE(live.cache.has_value());
  BOOST_TEST(live.cache->folder == folder.path("cache"));
  BOOST_TEST(live.cache->maxBytes == 64u << 20);
  BOOST_TEST(!vod.cache.has_value());

  const auto& tv = points[2];
  BOOST_TEST((tv.kind == PointKind::Multicast));
  BOOST_TEST(tv.group.group.toString() == "239.1.2.3:5004");
  BOOST_TEST((tv.group.transport == streaming::multicast::Transport::Rtp));
  BOOST_TEST(tv.group.clientBacklogBytes == 2048u * 1024);
  BOOST_TEST(tv.rolloverIsUrl());
}

BOOST_AUTO_TEST_CASE(a_site_without_a_section_has_no_points) {
  ConfigFolder folder;
  BOOST_TEST(readPoints(folder.load("")).empty());
}

BOOST_AUTO_TEST_CASE(refuses_what_the_schema_cannot_see_at_its_position) {
  ConfigFolder folder;
  const auto problems = problemsOf(folder.load(
      kOpen +
      "<point name=\"a\" prefix=\"/a/\" kind=\"origin\"/>\n"
      "<point name=\"b\" prefix=\"/a/\" kind=\"ondemand\" folder=\"missing\"/>\n"
      "<point name=\"c\" prefix=\"/c/\" kind=\"multicast\" rollover=\"nowhere\"/>\n"
      "<point name=\"d\" prefix=\"/_/d/\" kind=\"ondemand\" folder=\"media\" rollover=\"d\"/>\n" +
      kClose));
  const auto config = folder.path("config.xml");
  BOOST_TEST(problems.find(config + ":5:1: an origin point needs at least one <upstream") !=
                 std::string::npos,
             problems);
  BOOST_TEST(problems.find(config + ":6:17: prefix") != std::string::npos, problems);
  BOOST_TEST(problems.find("prefix: point \"a\" has it already") != std::string::npos, problems);
  BOOST_TEST(
      problems.find("folder: " + folder.path("missing") + " is not a folder") != std::string::npos,
      problems);
  BOOST_TEST(problems.find(config + ":7:1: a multicast point needs group") != std::string::npos,
             problems);
  BOOST_TEST(problems.find("\"nowhere\" is neither an http(s) URL nor a point of this site") !=
                 std::string::npos,
             problems);
  BOOST_TEST(problems.find("prefix: /_/ is reserved") != std::string::npos, problems);
  BOOST_TEST(problems.find("a point cannot roll over to itself") != std::string::npos, problems);
}

BOOST_AUTO_TEST_CASE(refuses_schema_violations) {
  ConfigFolder folder;
  const auto problems = problemsOf(
      folder.load(kOpen + "<point name=\"a b\" prefix=\"live\" kind=\"relay\"/>\n" + kClose));
  BOOST_TEST(problems.find(folder.path("config.xml") + ":5:") != std::string::npos, problems);
  BOOST_TEST(problems.find("kind") != std::string::npos, problems);
  BOOST_TEST(problems.find("prefix") != std::string::npos, problems);
  BOOST_TEST(problems.find("name") != std::string::npos, problems);
}

BOOST_AUTO_TEST_CASE(refuses_a_section_outside_a_site) {
  ConfigFolder folder;
  const auto problems = problemsOf(folder.load("", kOpen + kClose + "\n"));
  BOOST_TEST(problems.find(folder.path("config.xml") + ":3:1: <streaming> belongs in a <site>") !=
                 std::string::npos,
             problems);
}

BOOST_AUTO_TEST_CASE(point_names_are_unique_in_the_server) {
  ConfigFolder folder;
  const auto path = folder.path("config.xml");
  std::ofstream(path) << "<?xml version=\"1.0\"?>\n"
                         "<interlude xmlns=\"urn:interlude:config:1\">" +
                             kServer +
                             "\n"
                             "<site name=\"one\" root=\"site\" default=\"true\">\n"
                      << kOpen
                      << "<point name=\"p\" prefix=\"/p/\" kind=\"ondemand\" folder=\"media\"/>\n"
                      << kClose << "</site>\n<site name=\"two\" root=\"site\"><host>two</host>\n"
                      << kOpen
                      << "<point name=\"p\" prefix=\"/q/\" kind=\"ondemand\" folder=\"media\"/>\n"
                      << kClose << "</site>\n</interlude>\n";
  const auto problems = problemsOf(core::loadConfig(path));
  BOOST_TEST(problems.find(path + ":9:1: name: point \"p\" exists already (site \"one\")") !=
                 std::string::npos,
             problems);
}

BOOST_AUTO_TEST_SUITE_END()
