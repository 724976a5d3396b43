#include <Poco/JSON/Parser.h>
#include <libxml/tree.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "interlude/core/Diagnostic.h"
#include "interlude/core/XmlDocument.h"
#include "interlude/playlists/FormatRegistry.h"
#include "interlude/testing/CapturedLog.h"

namespace fs = std::filesystem;
using interlude::core::InputError;
using interlude::core::XmlDocument;
using interlude::playlists::FormatRegistry;

using interlude::testing::CapturedLog;

namespace {

const fs::path kData = INTERLUDE_TEST_DATA;
const std::vector<std::string> kShipped{"asx", "atom", "json", "m3u", "smil", "xspf"};
const std::vector<std::string> kInputs{"news", "special", "rollover"};

std::string readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  BOOST_REQUIRE_MESSAGE(in, "cannot read " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

XmlDocument input(const std::string& name) {
  return XmlDocument::parseFile((kData / "asx" / (name + ".xml")).string());
}

std::string golden(const std::string& input, const std::string& format) {
  return readFile(kData / "golden" / (input + "." + format));
}

std::string dump(xmlDoc* doc) {
  xmlChar* text = nullptr;
  int size = 0;
  xmlDocDumpMemory(doc, &text, &size);
  std::string out(reinterpret_cast<const char*>(text), static_cast<std::size_t>(size));
  xmlFree(text);
  return out;
}

Poco::JSON::Object::Ptr parseJson(const std::string& text) {
  Poco::JSON::Parser parser;
  return parser.parse(text).extract<Poco::JSON::Object::Ptr>();
}

// A folder for site stylesheets, removed afterwards.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "interlude-formats-XXXXXX").string();
    BOOST_REQUIRE(mkdtemp(pattern.data()) != nullptr);
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const fs::path& path() const { return path_; }
  std::string write(const std::string& name, const std::string& text) const {
    const auto file = path_ / name;
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
    return file.string();
  }

 private:
  fs::path path_;
};

// A text stylesheet whose body shows `marker` and the playlist title.
std::string textStylesheet(const std::string& marker, const std::string& body = {}) {
  return R"(<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="text"/>
  <xsl:template match="/asx">)" +
         marker + R"(: <xsl:value-of select="title"/>)" + body + R"(</xsl:template>
</xsl:stylesheet>
)";
}

// Rewrites a file and moves its modification time forward, so the change
// shows even within the file system's timestamp granularity.
void rewrite(const std::string& file, const std::string& text) {
  const auto before = fs::last_write_time(file);
  std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
  fs::last_write_time(file, before + std::chrono::seconds(10));
}

void waitForNextCheck() { std::this_thread::sleep_for(std::chrono::milliseconds(1100)); }

// Renders with a site format named "site" from `stylesheet`; the failure text
// when rendering throws std::runtime_error.
std::string renderFailure(const TempDir& dir, const std::string& stylesheet) {
  const FormatRegistry registry({{"site", dir.write("site.xsl", stylesheet)}});
  const auto asx = input("news");
  try {
    registry.render("site", asx.get());
  } catch (const std::runtime_error& e) {
    BOOST_TEST_MESSAGE("transformation failed: " << e.what());
    return e.what();
  }
  BOOST_FAIL("the transformation did not fail");
  return {};
}

const char* const kXslHeader =
    R"(<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform")";

}  // namespace

BOOST_AUTO_TEST_SUITE(format_registry)

BOOST_AUTO_TEST_CASE(names_lists_the_shipped_formats_and_unknown_names_throw) {
  const FormatRegistry registry;
  BOOST_TEST(registry.names() == kShipped, boost::test_tools::per_element());
  BOOST_TEST(registry.has("json"));
  BOOST_TEST(!registry.has("JSON"));
  BOOST_TEST(!registry.has("_common"));  // the shipped helpers are no format
  const auto asx = input("news");
  BOOST_CHECK_THROW(registry.render("JSON", asx.get()), std::out_of_range);
  BOOST_CHECK_THROW(registry.render("", asx.get()), std::out_of_range);
}

BOOST_AUTO_TEST_CASE(shipped_formats_match_the_golden_files) {
  const FormatRegistry registry;
  for (const auto& name : kInputs) {
    const auto asx = input(name);
    for (const auto& format : kShipped) {
      BOOST_TEST_CONTEXT(name << "." << format) {
        BOOST_TEST(registry.render(format, asx.get()).body == golden(name, format));
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(content_types_come_from_xsl_output_with_a_charset_for_text) {
  const std::map<std::string, std::string> expected{{"asx", "video/x-ms-asf"},
                                                    {"atom", "application/atom+xml"},
                                                    {"json", "application/json; charset=utf-8"},
                                                    {"m3u", "audio/x-mpegurl; charset=utf-8"},
                                                    {"smil", "application/smil+xml"},
                                                    {"xspf", "application/xspf+xml"}};
  const FormatRegistry registry;
  const auto asx = input("news");
  for (const auto& [format, type] : expected) {
    BOOST_TEST_CONTEXT(format) {
      BOOST_TEST(registry.render(format, asx.get()).contentType == type);
    }
  }
}

BOOST_AUTO_TEST_CASE(xml_outputs_are_well_formed_in_their_namespaces) {
  const std::map<std::string, std::pair<std::string, std::string>> roots{
      {"asx", {"asx", ""}},
      {"atom", {"feed", "http://www.w3.org/2005/Atom"}},
      {"smil", {"smil", "http://www.w3.org/ns/SMIL"}},
      {"xspf", {"playlist", "http://xspf.org/ns/0/"}}};
  const FormatRegistry registry;
  for (const auto& name : kInputs) {
    const auto asx = input(name);
    for (const auto& [format, root] : roots) {
      BOOST_TEST_CONTEXT(name << "." << format) {
        const auto output = XmlDocument::parseText(registry.render(format, asx.get()).body, format);
        BOOST_TEST(reinterpret_cast<const char*>(output.root()->name) == root.first);
        const auto* ns = output.root()->ns;
        BOOST_TEST((ns ? reinterpret_cast<const char*>(ns->href) : "") == root.second);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(json_parses_and_keeps_every_character) {
  const FormatRegistry registry;
  for (const auto& name : kInputs) {
    const auto asx = input(name);
    BOOST_TEST_CONTEXT(name) {
      BOOST_CHECK_NO_THROW(parseJson(registry.render("json", asx.get()).body));
    }
  }
  const auto special = parseJson(registry.render("json", input("special").get()).body);
  BOOST_TEST(special->getValue<std::string>("title") ==
             "Tom & Jerry's \"Best\" <Show> \u2014 \u00dcn\u00efc\u00f6d\u00e9 \u2713");
  BOOST_TEST(special->getValue<std::string>("author") == "Caf\u00e9 \"Noir\" \\ Studio");
  const auto entries = special->getArray("entries");
  BOOST_TEST(entries->getObject(0)->getValue<std::string>("title") ==
             "Line one\nline two\r\n\"quoted\" & <tagged> back\\slash\ttab");
  BOOST_TEST(entries->getObject(0)->getValue<std::string>("url") ==
             "http://127.0.0.1:8080/_/e/a%20b?x=1&y=%22q%22&z=%3Cw%3E&n='n'#frag");
  BOOST_TEST(entries->getObject(0)->getValue<double>("durationSeconds") == 5.07);
  BOOST_TEST(entries->getObject(1)->getValue<std::string>("title") ==
             "\u65e5\u672c\u8a9e\u306e\u30bf\u30a4\u30c8\u30eb \U0001F3AC separator\u2028end");

  const auto rollover = parseJson(registry.render("json", input("rollover").get()).body);
  BOOST_TEST(rollover->isNull("author"));
  const auto live = rollover->getArray("entries")->getObject(0);
  BOOST_TEST(live->getValue<std::string>("url") == "http://127.0.0.1:8080/_/e/eyJsIjoxfQ.Lv");
  BOOST_TEST(live->isNull("durationSeconds"));
  BOOST_TEST(rollover->getArray("entries")->getObject(1)->isNull("title"));
}

BOOST_AUTO_TEST_CASE(json_escaping_copes_with_long_strings_full_of_specials) {
  // The escaping halves the text: 20000 quotes stay far from libxslt's
  // template depth limit (3000) that one call per character would hit.
  const std::string title(20000, '"');
  std::string text = "<asx version=\"3.0\"><title>";
  for (char c : title) text += c == '"' ? "&quot;" : std::string(1, c);
  text += "</title><entry><title>a\\b</title><ref href=\"http://h/x\"/></entry></asx>";
  const auto asx = XmlDocument::parseText(text, "long.xml");
  const FormatRegistry registry;
  const auto json = parseJson(registry.render("json", asx.get()).body);
  BOOST_TEST(json->getValue<std::string>("title") == title);
  BOOST_TEST(json->getArray("entries")->getObject(0)->getValue<std::string>("title") == "a\\b");
  BOOST_TEST(json->getArray("entries")->getObject(0)->getValue<int>("index") == 0);
}

BOOST_AUTO_TEST_CASE(rendering_leaves_the_input_unchanged) {
  const FormatRegistry registry;
  const auto asx = input("special");
  const auto before = dump(asx.get());
  for (const auto& format : kShipped) registry.render(format, asx.get());
  BOOST_TEST(dump(asx.get()) == before);
}

BOOST_AUTO_TEST_CASE(concurrent_renders_share_stylesheets_while_a_site_format_reloads) {
  const TempDir dir;
  const auto file = dir.write("site.xsl", textStylesheet("v1"));
  const FormatRegistry registry({{"site", file}});
  rewrite(file, textStylesheet("v2"));         // seen at the first check, a second from now
  std::map<std::string, std::string> goldens;  // read here: Boost.Test is not thread-safe
  for (const auto& name : kInputs) {
    for (const auto& format : kShipped) goldens[name + "." + format] = golden(name, format);
  }
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(1300);
  std::mutex mutex;
  std::vector<std::string> failures;
  const auto fail = [&](std::string what) {
    const std::lock_guard lock(mutex);
    failures.push_back(std::move(what));
  };
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      const auto& name = kInputs[t % kInputs.size()];
      const auto asx = input(name);
      while (std::chrono::steady_clock::now() < until) {
        for (const auto& format : kShipped) {
          if (registry.render(format, asx.get()).body != goldens.at(name + "." + format)) {
            fail(name + "." + format);
          }
        }
        const auto site = registry.render("site", asx.get()).body;
        if (site.substr(0, 4) != "v1: " && site.substr(0, 4) != "v2: ") fail("site: " + site);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  BOOST_TEST(failures.empty());
  BOOST_TEST(registry.render("site", input("news").get()).body == "v2: Evening news");
}

BOOST_AUTO_TEST_CASE(site_formats_come_from_files_under_any_name) {
  const TempDir dir;
  const std::string name = "plain text \u2713/1";
  const FormatRegistry registry({{name, dir.write("plain.xsl", textStylesheet("v1"))},
                                 {"json", dir.write("json.xsl", textStylesheet("mine"))}});
  BOOST_TEST(registry.has(name));
  BOOST_TEST(!registry.has("PLAIN TEXT \u2713/1"));
  BOOST_TEST(registry.names().size() == kShipped.size() + 1);
  const auto asx = input("news");
  const auto rendered = registry.render(name, asx.get());
  BOOST_TEST(rendered.body == "v1: Evening news");
  BOOST_TEST(rendered.contentType == "text/plain; charset=utf-8");
  BOOST_TEST(registry.render("json", asx.get()).body == "mine: Evening news");  // a site's wins
}

BOOST_AUTO_TEST_CASE(a_changed_file_is_recompiled_and_a_broken_change_keeps_the_old_one) {
  const TempDir dir;
  const auto file = dir.write("site.xsl", textStylesheet("v1"));
  const FormatRegistry registry({{"site", file}});
  const auto asx = input("news");
  BOOST_TEST(registry.render("site", asx.get()).body == "v1: Evening news");

  rewrite(file, textStylesheet("v2"));
  BOOST_TEST(registry.render("site", asx.get()).body == "v1: Evening news");  // checked < 1 s ago
  waitForNextCheck();
  BOOST_TEST(registry.render("site", asx.get()).body == "v2: Evening news");

  const CapturedLog log("interlude.playlists");
  rewrite(file,
          "<xsl:stylesheet version=\"1.0\"\n xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\">\n"
          "  <xsl:template match=\"/\"><xsl:bogus/></xsl:template>\n</xsl:stylesheet>\n");
  waitForNextCheck();
  BOOST_TEST(registry.render("site", asx.get()).body == "v2: Evening news");
  waitForNextCheck();
  BOOST_TEST(registry.render("site", asx.get()).body == "v2: Evening news");
  const auto messages = log.messages();
  BOOST_TEST_REQUIRE(messages.size() == 1u);  // once per broken version, not per check
  BOOST_TEST(messages[0].starts_with(file + ":3:27: unknown xsl:bogus"), messages[0]);
}

BOOST_AUTO_TEST_CASE(a_broken_stylesheet_at_construction_throws_naming_the_file) {
  const TempDir dir;
  const auto malformed =
      dir.write("malformed.xsl", std::string(kXslHeader) + ">\n  <xsl:template>\n");
  try {
    FormatRegistry registry({{"broken", malformed}});
    BOOST_FAIL("no exception");
  } catch (const InputError& e) {
    BOOST_TEST(e.diagnostics().at(0).file == malformed);
    BOOST_TEST(e.diagnostics().at(0).line >= 2);
  }

  const auto invalid = dir.write(
      "invalid.xsl", std::string(kXslHeader) +
                         ">\n  <xsl:template match=\"x[\">y</xsl:template>\n"
                         "  <xsl:template match=\"/\">\n    <xsl:value-of select=\"1 +\"/>\n"
                         "  </xsl:template>\n</xsl:stylesheet>\n");
  try {
    FormatRegistry registry(
        {{"fine", dir.write("fine.xsl", textStylesheet("ok"))}, {"invalid", invalid}});
    BOOST_FAIL("no exception");
  } catch (const InputError& e) {
    const auto report = e.report();
    BOOST_TEST_MESSAGE("refused: " << report);
    BOOST_TEST(report.find(invalid + ":2:3: failed to compile 'x['") != std::string::npos, report);
    BOOST_TEST(report.find(invalid + ":4:5: ") != std::string::npos, report);
    for (const auto& diagnostic : e.diagnostics()) BOOST_TEST(diagnostic.file == invalid);
  }
}

BOOST_AUTO_TEST_CASE(stylesheets_with_a_doctype_are_refused) {
  const TempDir dir;
  const auto file =
      dir.write("entity.xsl", "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n" +
                                  textStylesheet("x", "&e;"));
  BOOST_CHECK_THROW(FormatRegistry({{"entity", file}}), InputError);
}

BOOST_AUTO_TEST_CASE(document_reads_only_inside_the_stylesheet_folder) {
  const TempDir dir;
  dir.write("data.xml", "<data>inside</data>");
  const auto sibling = dir.path().parent_path() / (dir.path().filename().string() + "-outside.xml");
  std::ofstream(sibling) << "<data>outside</data>";
  const auto file =
      dir.write("site.xsl", textStylesheet("v", "<xsl:value-of select=\"document('data.xml')\"/>"));
  const FormatRegistry registry({{"site", file}});
  BOOST_TEST(registry.render("site", input("news").get()).body == "v: Evening newsinside");

  for (const std::string& uri : std::vector<std::string>{"file:///etc/passwd", "/etc/passwd",
                                                         "../" + sibling.filename().string(),
                                                         "file://" + sibling.string()}) {
    BOOST_TEST_CONTEXT(uri) {
      const auto failure = renderFailure(
          dir, textStylesheet("v", "<xsl:value-of select=\"document('" + uri + "')\"/>"));
      BOOST_TEST(failure.find("refused") != std::string::npos, failure);
      BOOST_TEST(failure.find("root:") == std::string::npos);
    }
  }
  fs::remove(sibling);
}

BOOST_AUTO_TEST_CASE(document_has_no_network) {
  const TempDir dir;
  const auto started = std::chrono::steady_clock::now();
  const auto failure = renderFailure(
      dir, textStylesheet("v", "<xsl:value-of select=\"document('http://127.0.0.1:1/')\"/>"));
  BOOST_TEST(failure.find("refused") != std::string::npos, failure);
  BOOST_TEST((std::chrono::steady_clock::now() - started < std::chrono::seconds(5)));
}

BOOST_AUTO_TEST_CASE(stylesheets_cannot_write_files) {
  const TempDir dir;
  const auto target = dir.path() / "written.txt";
  // libxslt's own xsl:document (XSLT 1.1) goes through the security check.
  const auto xsl = renderFailure(
      dir, R"(<xsl:stylesheet version="1.1" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/"><xsl:document href=")" +
               target.string() + R"(" method="text">x</xsl:document></xsl:template>
</xsl:stylesheet>)");
  BOOST_TEST(xsl.find("refused") != std::string::npos, xsl);
  // EXSLT is not registered: exsl:document is an unknown extension.
  const auto exsl =
      renderFailure(dir, std::string(kXslHeader) + R"( xmlns:exsl="http://exslt.org/common"
    extension-element-prefixes="exsl">
  <xsl:template match="/"><exsl:document href=")" +
                             target.string() + R"(" method="text">x</exsl:document></xsl:template>
</xsl:stylesheet>)");
  BOOST_TEST(!exsl.empty());
  BOOST_TEST(!fs::exists(target));
  const auto folder = renderFailure(
      dir, R"(<xsl:stylesheet version="1.1" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/"><xsl:document href=")" +
               (dir.path() / "new" / "x.txt").string() +
               R"(" method="text">x</xsl:document></xsl:template>
</xsl:stylesheet>)");
  BOOST_TEST(folder.find("refused") != std::string::npos, folder);
  BOOST_TEST(!fs::exists(dir.path() / "new"));
}

BOOST_AUTO_TEST_CASE(includes_and_imports_stay_inside_the_stylesheet_folder) {
  const TempDir dir;
  dir.write("parts/title.xsl", std::string(kXslHeader) +
                                   "><xsl:template name=\"t\">[<xsl:value-of "
                                   "select=\"/asx/title\"/>]</xsl:template></xsl:stylesheet>");
  const auto including = dir.write(
      "site.xsl", std::string(kXslHeader) +
                      "><xsl:include href=\"parts/title.xsl\"/><xsl:output method=\"text\"/>"
                      "<xsl:template match=\"/\"><xsl:call-template name=\"t\"/></xsl:template>"
                      "</xsl:stylesheet>");
  const FormatRegistry registry({{"site", including}});
  BOOST_TEST(registry.render("site", input("news").get()).body == "[Evening news]");

  dir.write("parts/doctype.xsl",
            "<!DOCTYPE x [<!ENTITY e \"e\">]>\n" + std::string(kXslHeader) + "/>");
  for (const std::string href :
       {"/etc/passwd", "../outside.xsl", "http://127.0.0.1:1/x.xsl", "parts/doctype.xsl"}) {
    BOOST_TEST_CONTEXT(href) {
      const auto file = dir.write("bad.xsl", std::string(kXslHeader) + ">\n<xsl:import href=\"" +
                                                 href + "\"/>\n</xsl:stylesheet>\n");
      try {
        FormatRegistry refused({{"bad", file}});
        BOOST_FAIL("no exception");
      } catch (const InputError& e) {
        BOOST_TEST_MESSAGE("refused: " << e.report());
        BOOST_TEST(e.report().find("not allowed") != std::string::npos, e.report());
        BOOST_TEST(e.diagnostics().at(0).file == file);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(a_failing_transformation_throws_with_its_message) {
  const TempDir dir;
  const auto failure = renderFailure(
      dir, textStylesheet("v", "<xsl:message terminate=\"yes\">no playlist today</xsl:message>"));
  BOOST_TEST(failure.find("no playlist today") != std::string::npos, failure);
}

BOOST_AUTO_TEST_SUITE_END()
