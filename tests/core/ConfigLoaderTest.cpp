#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "interlude/core/ConfigLoader.h"
#include "interlude/core/Diagnostic.h"

using namespace interlude::core;
namespace fs = std::filesystem;

namespace {

// A temporary folder with a site root, removed at the end of the test.
struct TempDir {
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "interlude-config-XXXXXX").string();
    path = ::mkdtemp(pattern.data());
    fs::create_directories(path / "site");
  }
  ~TempDir() { fs::remove_all(path); }
  std::string write(const std::string& body) const {
    const auto file = path / "interlude.xml";
    std::ofstream(file) << body;
    return file.string();
  }
  fs::path path;
};

std::string config(const std::string& inner,
                   const std::string& site = "<site name=\"main\" root=\"site\"/>") {
  return "<?xml version=\"1.0\"?>\n<interlude xmlns=\"urn:interlude:config:1\">\n"
         "  <server><listen address=\"127.0.0.1:8080\"/></server>\n" +
         inner + "\n  " + site + "\n</interlude>\n";
}

// Loads and returns the diagnostics (empty when the file is valid).
std::vector<Diagnostic> problems(const std::string& path,
                                 const std::vector<Override>& overrides = {}) {
  try {
    loadConfig(path, overrides);
  } catch (const InputError& e) {
    return e.diagnostics();
  }
  return {};
}

bool mentions(const std::vector<Diagnostic>& diagnostics, const std::string& text) {
  for (const auto& d : diagnostics) {
    if (d.message.find(text) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(config_loader)

BOOST_AUTO_TEST_CASE(the_sample_config_is_valid) {
  ::setenv("INTERLUDE_ADMIN_TOKEN", "t0ken", 1);
  fs::create_directories(fs::path(INTERLUDE_SOURCE_DIR) / "build/plugins");
  const auto path = std::string(INTERLUDE_SOURCE_DIR) + "/samples/site.xml";
  Config c;
  try {
    c = loadConfig(path);
  } catch (const InputError& e) {
    // Only the plugin may be missing when the sample plugin is not built yet.
    for (const auto& d : e.diagnostics())
      BOOST_TEST(d.message.find("plugin") != std::string::npos, d.str());
    return;
  }
  BOOST_TEST(c.admin.token == "t0ken");
  BOOST_TEST(c.sites.front().isDefault);
}

BOOST_AUTO_TEST_CASE(resolves_paths_against_the_config_folder_and_merges_scopes) {
  TempDir dir;
  const auto path = dir.write(config(
      R"(<admin address="[::1]:9000" token="abc"/>
  <logging level="debug" accessLog="logs/a.log" accessFormat="w3c"/>
  <limits maxUrlBytes="100" maxBodyBytes="5"/>
  <filtering><denyExtension>.ISMV</denyExtension></filtering>
  <mime><type extension=".isx" contentType="application/xml"/></mime>)",
      R"(<site name="main" root="site">
    <host>Example.COM</host><index>index.html</index>
    <limits maxUrlBytes="50"/>
    <filtering><denySegment>private</denySegment><allowExtension>.xsl</allowExtension></filtering>
    <handler prefix="/x/" use="static"><param name="a" value="b"/></handler>
  </site>)"));
  const Config c = loadConfig(path);
  BOOST_TEST(c.admin.endpoint.str() == "[::1]:9000");
  BOOST_TEST(c.admin.token == "abc");
  BOOST_TEST(c.logging.accessLog == (dir.path / "logs/a.log").string());
  BOOST_TEST((c.logging.accessFormat == AccessLogFormat::W3C));
  const auto& site = c.sites.front();
  BOOST_TEST(site.root == fs::canonical(dir.path / "site").string());
  BOOST_TEST(site.isDefault);  // the only site is the default
  BOOST_TEST(site.hosts.front() == "example.com");
  BOOST_TEST(*site.limits.maxUrlBytes == 50u);  // site scope
  BOOST_TEST(*site.limits.maxBodyBytes == 5u);  // global scope
  BOOST_TEST(*site.limits.maxHeaders == 64u);   // default
  BOOST_TEST(site.mime.at(".isx") == "application/xml");
  const auto& deny = site.filters.denyExtensions;
  BOOST_TEST((std::find(deny.begin(), deny.end(), ".ismv") != deny.end()));
  BOOST_TEST((std::find(deny.begin(), deny.end(), ".xsl") == deny.end()));
  BOOST_TEST(site.handlers.front().params.at("a") == "b");
}

BOOST_AUTO_TEST_CASE(unknown_element_is_named_with_its_position) {
  TempDir dir;
  const auto path = dir.write(config("  <bogus/>"));
  const auto p = problems(path);
  BOOST_REQUIRE(!p.empty());
  BOOST_TEST(p.front().file == path);
  BOOST_TEST(p.front().line == 4);
  BOOST_TEST(p.front().column == 3);
  BOOST_TEST(p.front().message.find("bogus") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(unknown_attribute_is_named_with_its_column) {
  TempDir dir;
  const auto path = dir.write(config("  <logging level=\"debug\" colour=\"red\"/>"));
  const auto p = problems(path);
  BOOST_REQUIRE(!p.empty());
  BOOST_TEST(p.front().line == 4);
  BOOST_TEST(p.front().column == 26);
  BOOST_TEST(p.front().message.find("colour") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(malformed_xml_has_line_and_column) {
  TempDir dir;
  const auto path =
      dir.write("<interlude xmlns=\"urn:interlude:config:1\">\n  <server>\n</interlude>\n");
  const auto p = problems(path);
  BOOST_REQUIRE(!p.empty());
  BOOST_TEST(p.front().line == 3);
  BOOST_TEST(p.front().column > 0);
}

BOOST_AUTO_TEST_CASE(doctype_and_entities_are_refused) {
  TempDir dir;
  const auto path = dir.write(
      "<?xml version=\"1.0\"?>\n<!DOCTYPE interlude [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
      "<interlude xmlns=\"urn:interlude:config:1\"><server><listen "
      "address=\"127.0.0.1:1\"/></server>"
      "<site name=\"&x;\" root=\"site\"/></interlude>\n");
  const auto p = problems(path);
  BOOST_REQUIRE(!p.empty());
  // Refused either by the entity reference or by the DOCTYPE itself.
  BOOST_TEST((mentions(p, "DOCTYPE") || mentions(p, "entity")), p.front().str());
  BOOST_TEST(!mentions(p, "root:"));
}

BOOST_AUTO_TEST_CASE(a_doctype_without_entities_is_refused_too) {
  TempDir dir;
  const auto path =
      dir.write("<?xml version=\"1.0\"?>\n<!DOCTYPE interlude>\n" + config("").substr(22));
  const auto p = problems(path);
  BOOST_REQUIRE(!p.empty());
  BOOST_TEST(p.front().line == 2);
  BOOST_TEST(mentions(p, "DOCTYPE"));
}

BOOST_AUTO_TEST_CASE(missing_paths_are_named) {
  TempDir dir;
  const auto path = dir.write(config("  <plugins><plugin path=\"nope/libx.so\"/></plugins>",
                                     "<site name=\"main\" root=\"missing-root\"/>"));
  const auto p = problems(path);
  BOOST_TEST(p.size() == 2u);
  BOOST_TEST(mentions(p, (dir.path / "nope/libx.so").string()));
  BOOST_TEST(mentions(p, (dir.path / "missing-root").string()));
}

BOOST_AUTO_TEST_CASE(booleans_and_ipv6_wildcards) {
  TempDir dir;
  const auto path = dir.write(
      "<?xml version=\"1.0\"?><interlude xmlns=\"urn:interlude:config:1\"><server>"
      "<listen address=\"[::]:8080\" reusePort=\"1\"/></server>"
      "<site name=\"a\" root=\"site\"/><site name=\"b\" root=\"site\" default=\"1\"/></interlude>");
  const Config c = loadConfig(path);
  BOOST_TEST(c.server.listeners.front().endpoint.str() == "[::]:8080");
  BOOST_TEST(c.server.listeners.front().reusePort);
  BOOST_TEST(!c.sites[0].isDefault);
  BOOST_TEST(c.sites[1].isDefault);
}

BOOST_AUTO_TEST_CASE(bad_values) {
  TempDir dir;
  BOOST_TEST(
      mentions(problems(dir.write(config("", "<site name=\"a b\" root=\"site\"/>"))), "name"));
  const auto badListen =
      "<?xml version=\"1.0\"?><interlude xmlns=\"urn:interlude:config:1\"><server>"
      "<listen address=\"999.1.1.1:80\"/></server><site name=\"m\" root=\"site\"/></interlude>";
  BOOST_TEST(mentions(problems(dir.write(badListen)), "not an IP address"));
  BOOST_TEST(mentions(problems(dir.write(config("  <limits maxHeaders=\"500\"/>"))), "maxHeaders"));
  BOOST_TEST(mentions(
      problems(dir.write(config("", "<site name=\"m\" root=\"site\"><handler use=\"x\"/></site>"))),
      "exactly one of extension or prefix"));
  BOOST_TEST(mentions(problems(dir.write(config(
                          "", "<site name=\"m\" root=\"site\"/><site name=\"m\" root=\"site\"/>"))),
                      "uniqueSiteName"));
}

BOOST_AUTO_TEST_CASE(overrides_apply_before_validation) {
  TempDir dir;
  fs::create_directories(dir.path / "other");
  const auto path = dir.write(config("  <logging level=\"information\"/>"));
  const Config c = loadConfig(
      path, {Override::parse("logging.level=debug"), Override::parse("site:main.root=other")});
  BOOST_TEST(c.logging.level == "debug");
  BOOST_TEST(c.sites.front().root == fs::canonical(dir.path / "other").string());
  BOOST_TEST(mentions(problems(path, {Override::parse("nothing.here=1")}), "nothing.here"));
  BOOST_TEST(mentions(problems(path, {Override::parse("logging.level=loud")}), "loud"));
  BOOST_CHECK_THROW(Override::parse("novalue"), InputError);
  // Site names may hold dots: brackets select them.
  const auto dotted = dir.write(config("", "<site name=\"example.com\" root=\"site\"/>"));
  const Config d = loadConfig(dotted, {Override::parse("site[example.com].root=other")});
  BOOST_TEST(d.sites.front().root == fs::canonical(dir.path / "other").string());
}

BOOST_AUTO_TEST_SUITE_END()
