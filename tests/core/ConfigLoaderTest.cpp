#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "interlude/core/ConfigLoader.h"
#include "interlude/core/Diagnostic.h"
#include "interlude/core/XmlDocument.h"

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

BOOST_AUTO_TEST_CASE(elements_in_other_namespaces_are_module_sections) {
  TempDir dir;
  const auto path = dir.write(config(R"(<m:speed xmlns:m="urn:example:module" level="1"/>)",
                                     R"(<site name="main" root="site">
    <handler prefix="/x/" use="static"/>
    <speed xmlns="urn:example:module" level="2"><fast/></speed>
    <other xmlns="urn:example:other"/>
  </site>)"));
  const Config c = loadConfig(path);
  BOOST_REQUIRE(c.sections.size() == 1u);
  BOOST_TEST(c.sections.front().namespaceUri == "urn:example:module");
  BOOST_TEST(c.sections.front().name == "speed");
  const auto& site = c.sites.front();
  BOOST_REQUIRE(site.sections.size() == 2u);
  const auto mine = Config::sectionsIn(site.sections, "urn:example:module");
  BOOST_REQUIRE(mine.size() == 1u);
  // The section keeps its document, so the module reads it and reports positions.
  BOOST_TEST(interlude::core::xmlAttribute(mine.front()->element, "level") == "2");
  const auto where = mine.front()->document->position(mine.front()->element);
  BOOST_TEST(where.line == 7);
  BOOST_TEST(where.column == 5);
}

BOOST_AUTO_TEST_CASE(a_module_section_may_not_use_the_config_namespace_for_unknown_elements) {
  TempDir dir;
  const auto path = dir.write(config("", R"(<site name="main" root="site"><speed/></site>)"));
  BOOST_TEST(mentions(problems(path), "speed"));
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

// libxml2 keeps 16-bit lines on nodes; past line 65535 an element reports the line
// of the text after it, where the next <type> is.
BOOST_AUTO_TEST_CASE(positions_past_line_65535_are_exact) {
  TempDir dir;
  std::string types = "  <mime>\n";  // line 4
  for (int line = 5; line <= 70000; ++line)
    types += "    <type extension=\".a\" contentType=\"a/a\"/>\n";
  const std::string bad = "    <type extension=\".x\" contentType=\"x/x\" colour=\"red\"/>";
  types += bad + "\n    <type extension=\".b\" contentType=\"b/b\"/>\n  </mime>";
  const auto schema = problems(dir.write(config(types)));
  BOOST_TEST_REQUIRE(schema.size() == 1u);
  BOOST_TEST(schema.front().line == 70001);
  BOOST_TEST(schema.front().column == static_cast<int>(bad.find("colour")) + 1);

  std::string site = "<site name=\"m\" root=\"site\">\n";  // line 5
  for (int line = 6; line <= 70000; ++line)
    site += "    <host>h" + std::to_string(line) + "</host>\n";
  site += "    <handler use=\"x\"/>\n    <handler use=\"y\" extension=\".y\"/>\n  </site>";
  const auto reader = problems(dir.write(config("", site)));
  BOOST_TEST_REQUIRE(reader.size() == 1u);
  BOOST_TEST(reader.front().line == 70001);
  BOOST_TEST(reader.front().column == 5);
  BOOST_TEST(reader.front().message.find("exactly one of extension or prefix") !=
             std::string::npos);
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

BOOST_AUTO_TEST_SUITE(xml_document)

// Not libxml2's xmlAttribute, the DTD declaration.
using interlude::core::xmlAttribute;
using interlude::core::xmlHasAttribute;

const xmlNode* element(const XmlDocument& doc, const std::string& n) {
  for (const xmlNode* c = doc.root()->children; c; c = c->next) {
    if (xmlAttribute(c, "n") == n) return c;
    for (const xmlNode* g = c->children; g; g = g->next) {
      if (xmlAttribute(g, "n") == n) return g;
    }
  }
  BOOST_FAIL("no element n=" + n);
  return nullptr;
}

BOOST_AUTO_TEST_CASE(positions_are_where_start_tags_begin) {
  std::string text = "<list xmlns:i=\"urn:x\">\n";
  for (int line = 2; line <= 70000; ++line) text += "<item/>\n";
  text += "<item n=\"1\"><item n=\"2\"/>\n";                        // 70001
  text += "</item><item\n   i:n=\"4\" n=\"3\"/><item n=\"5\"/>\n";  // 70002, 70003
  text += "<i:item n=\"6\"/><item n=\"7\" i:t=\"x\"/>\n</list>\n";  // 70004
  const auto doc = XmlDocument::parseText(text, "list.xml");
  const auto at = [&](const std::string& n, std::string_view attribute = {}) {
    const auto pos = doc.position(element(doc, n), attribute);
    BOOST_TEST(pos.file == "list.xml");
    return std::to_string(pos.line) + ":" + std::to_string(pos.column);
  };
  BOOST_TEST(at("1") == "70001:1");
  BOOST_TEST(at("2") == "70001:13");  // a child of the same name on the same line
  BOOST_TEST(at("3") == "70002:8");   // the tag ends on the next line
  BOOST_TEST(at("3", "n") == "70003:12");
  BOOST_TEST(at("3", "i:n") == "70003:4");
  BOOST_TEST(at("5") == "70003:19");
  BOOST_TEST(at("6") == "70004:1");  // prefix:name
  BOOST_TEST(at("7", "i:t") == "70004:28");
  BOOST_TEST(doc.at(element(doc, "7"), "m", "i:t").str() == "list.xml:70004:28: m");
  BOOST_TEST(doc.position(nullptr).line == 0);
}

// The parser reads other encodings transcoded: tags are then found by name.
BOOST_AUTO_TEST_CASE(positions_in_other_encodings) {
  const auto doc = XmlDocument::parseText(
      "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<list>\n<item n=\"\xe9\"/><item\n n=\"2\"/>"
      "\n</list>\n",
      "latin1.xml");
  const auto pos = doc.position(element(doc, "2"), "n");
  BOOST_TEST(pos.line == 4);
  BOOST_TEST(pos.column == 2);
  BOOST_TEST(doc.position(element(doc, "2")).column == 14);
}

BOOST_AUTO_TEST_CASE(attributes_are_read_without_a_namespace) {
  const auto doc = XmlDocument::parseText(
      "<a xmlns:i=\"urn:x\" i:title=\"prefixed\" title=\"plain\" i:only=\"x\" empty=\"\"/>",
      "a.xml");
  BOOST_TEST(xmlAttribute(doc.root(), "title") == "plain");
  BOOST_TEST(xmlAttribute(doc.root(), "only").empty());
  BOOST_TEST(!xmlHasAttribute(doc.root(), "only"));
  BOOST_TEST(xmlHasAttribute(doc.root(), "empty"));
  BOOST_TEST(xmlAttribute(doc.root(), "empty").empty());
}

BOOST_AUTO_TEST_SUITE_END()
