#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <sstream>

#include "interlude/core/Diagnostic.h"
#include "interlude/playlists/IsxParser.h"

using namespace interlude::playlists;
using interlude::core::Diagnostic;
using interlude::core::InputError;
namespace data = boost::unit_test::data;

namespace {

const std::string kData = std::string(INTERLUDE_TEST_DATA) + "/isx/";

Playlist parse(const std::string& text) {
  try {
    return parseIsxText(text, "test.isx");
  } catch (const InputError& e) {
    BOOST_TEST_MESSAGE(e.report());
    throw;
  }
}

// The diagnostics of parsing `text`; empty when it parses.
std::vector<Diagnostic> problems(const std::string& text) {
  try {
    parseIsxText(text, "test.isx");
  } catch (const InputError& e) {
    return e.diagnostics();
  }
  return {};
}

// The only problem of `text`, or a failed test.
Diagnostic problem(const std::string& text) {
  const auto all = problems(text);
  BOOST_TEST_REQUIRE(all.size() == 1u);
  return all.front();
}

bool mentions(const std::vector<Diagnostic>& diagnostics, const std::string& text) {
  for (const auto& d : diagnostics) {
    if (d.message.find(text) != std::string::npos) return true;
  }
  return false;
}

// A SMIL playlist whose entries start on line 4.
std::string smil(const std::string& body, const std::string& head = "") {
  return "<smil xmlns=\"http://www.w3.org/ns/SMIL\" xmlns:i=\"urn:interlude:playlist:1\">\n"
         "<head>" +
         head + "</head>\n<body>\n" + body + "\n</body>\n</smil>\n";
}

Entry entry(const std::string& element) {
  const auto playlist = parse(smil(element));
  BOOST_TEST_REQUIRE(playlist.entries.size() == 1u);
  return playlist.entries.front();
}

// Everything but positions, so that equivalent files in other forms compare equal.
std::string describe(const Playlist& p) {
  std::ostringstream out;
  out << p.title << '|' << p.author << '|' << p.timeToLiveMinutes << '|'
      << p.inactivityTimeoutSeconds << '|' << p.maxClients << '\n';
  for (const auto& e : p.entries) {
    out << e.src << '|' << (e.kind == EntryKind::Ad ? "ad" : "content") << '|' << e.title << '|'
        << e.author << '|' << e.durationSeconds.value_or(-1) << '|' << e.permissions.canSeek
        << e.permissions.canSkipForward << e.permissions.canSkipBack << '|' << e.adSlot << '|';
    if (e.skipAfter) {
      out << e.skipAfter->value << (e.skipAfter->unit == SkipAfter::Unit::Percent ? "%" : "s");
    }
    out << '\n';
  }
  return out.str();
}

std::string entries(const Playlist& p) {
  const auto all = describe(p);
  return all.substr(all.find('\n') + 1);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(isx_parser)

BOOST_AUTO_TEST_CASE(reads_the_smil_form) {
  const auto p = parseIsxFile(kData + "smil.isx");
  BOOST_TEST(p.file == std::filesystem::absolute(kData + "smil.isx").lexically_normal().string());
  BOOST_TEST(p.title == "Evening news");
  BOOST_TEST(p.author == "Example TV");
  BOOST_TEST(p.timeToLiveMinutes == 60);
  BOOST_TEST(p.inactivityTimeoutSeconds == 30);
  BOOST_TEST(p.maxClients == 1000);
  BOOST_TEST_REQUIRE(p.entries.size() == 6u);

  const auto& ad = p.entries[0];
  BOOST_TEST(ad.src == "ads/sponsor.mp4");
  BOOST_TEST((ad.kind == EntryKind::Ad));
  BOOST_TEST(ad.title == "Sponsor");
  BOOST_TEST(!ad.permissions.canSeek);
  BOOST_TEST(!ad.permissions.canSkipForward);
  BOOST_TEST(ad.permissions.canSkipBack);
  BOOST_TEST(ad.pos.file == kData + "smil.isx");
  BOOST_TEST(ad.pos.line == 12);
  BOOST_TEST(ad.pos.column == 5);

  const auto& part1 = p.entries[1];  // inside a seq: flattened
  BOOST_TEST(part1.src == "news/part1.mp4");
  BOOST_TEST((part1.kind == EntryKind::Content));
  BOOST_TEST(part1.durationSeconds.value_or(-1) == 90.0);
  BOOST_TEST_REQUIRE(part1.skipAfter.has_value());
  BOOST_TEST((part1.skipAfter->unit == SkipAfter::Unit::Percent));
  BOOST_TEST(part1.skipAfter->value == 50.0);
  BOOST_TEST(part1.pos.line == 17);
  BOOST_TEST(part1.pos.column == 7);

  BOOST_TEST(p.entries[2].author == "Desk");
  BOOST_TEST(!p.entries[2].permissions.canSkipBack);
  BOOST_TEST(p.entries[2].permissions.canSkipForward);
  BOOST_TEST(!p.entries[2].skipAfter.has_value());

  // The i:ad placeholder is an entry with a slot and no src, in its place.
  const auto& placeholder = p.entries[3];
  BOOST_TEST(placeholder.isPlaceholder());
  BOOST_TEST(placeholder.adSlot == "midroll");
  BOOST_TEST(placeholder.src.empty());
  BOOST_TEST((placeholder.kind == EntryKind::Ad));
  BOOST_TEST(placeholder.pos.line == 20);
  BOOST_TEST(placeholder.pos.column == 5);
  BOOST_TEST(!ad.isPlaceholder());

  // Nested and remote entries stay entries.
  BOOST_TEST(p.entries[4].src == "more.isx");
  BOOST_TEST(p.entries[5].src == "httpd://127.0.0.1:9000/pick?slot=2");
  BOOST_TEST(p.entries[5].isRemoteEntry());
}

BOOST_AUTO_TEST_CASE(bad_ad_placeholders_are_named) {
  BOOST_TEST(problem(smil("<i:ad/>")).str() ==
             "test.isx:4:1: <i:ad> needs a slot attribute naming the ad slot");
  BOOST_TEST(problem(smil("<i:ad slot=\" \"/>")).str() ==
             "test.isx:4:7: <i:ad> needs a slot attribute naming the ad slot");
  BOOST_TEST(problem(smil("<i:ad slot=\"pre\" kind=\"x\"/>")).str() ==
             "test.isx:4:18: unknown attribute i:ad/@kind (expected slot)");
  BOOST_TEST(problem(smil("<i:ad slot=\"pre\" i:max=\"2\"/>")).message ==
             "unknown attribute i:ad/@i:max (expected slot)");
  BOOST_TEST(problem(smil("<i:ad slot=\"pre\"><ref src=\"a.mp4\"/></i:ad>")).message ==
             "<i:ad> has content; a placeholder is empty");
}

BOOST_AUTO_TEST_CASE(the_forms_give_the_same_playlist) {
  const auto reference = parseIsxFile(kData + "smil.isx");
  BOOST_TEST(describe(parseIsxFile(kData + "plain.isx")) == describe(reference));
  BOOST_TEST(describe(parseIsxFile(kData + "smil20.isx")) == describe(reference));
  BOOST_TEST(entries(parseIsxFile(kData + "iis.isx")) == entries(reference));

  // Positions survive the move into the SMIL namespace.
  const auto plain = parseIsxFile(kData + "plain.isx");
  BOOST_TEST(plain.entries[1].pos.line == 17);
  BOOST_TEST(plain.entries[1].pos.column == 7);
  const auto iis = parseIsxFile(kData + "iis.isx");
  BOOST_TEST(iis.entries[0].pos.line == 4);
  BOOST_TEST(iis.entries[0].pos.column == 5);
}

BOOST_AUTO_TEST_CASE(smil_21_with_a_prefix) {
  const auto p = parse(
      "<s:smil xmlns:s=\"http://www.w3.org/2005/SMIL21/Language\">\n"
      "<s:body><s:seq>\n"
      "  <s:video src=\"a.mp4\" dur=\"30s\"/>\n"
      "</s:seq></s:body></s:smil>");
  BOOST_TEST_REQUIRE(p.entries.size() == 1u);
  BOOST_TEST(p.entries[0].durationSeconds.value_or(-1) == 30.0);
  BOOST_TEST(p.entries[0].pos.line == 3);
  BOOST_TEST(p.entries[0].pos.column == 3);
}

BOOST_AUTO_TEST_CASE(every_entry_element_and_attribute) {
  const auto p = parse(smil(R"(<ref src="a.mp4"/>
<media src="b.mp4" title="B" author="Bee" dur="1.5min"/>
<video src="/abs/c.mp4" canSeek="false" canSkipForward="0" canSkipBack="false"/>
<audio src="http://example.com/d.mp3" title="plain" i:title="wins" author="plain"
       i:author="wins too" dur="10" i:duration="00:00:20"/>)"));
  BOOST_TEST_REQUIRE(p.entries.size() == 4u);
  BOOST_TEST(p.entries[0].src == "a.mp4");
  BOOST_TEST(!p.entries[0].durationSeconds.has_value());
  BOOST_TEST(p.entries[0].permissions.canSeek);
  BOOST_TEST(p.entries[0].permissions.canSkipForward);
  BOOST_TEST(p.entries[0].permissions.canSkipBack);
  BOOST_TEST(p.entries[1].title == "B");
  BOOST_TEST(p.entries[1].author == "Bee");
  BOOST_TEST(p.entries[1].durationSeconds.value_or(-1) == 90.0);
  BOOST_TEST(p.entries[2].src == "/abs/c.mp4");
  BOOST_TEST(!p.entries[2].permissions.canSeek);
  BOOST_TEST(!p.entries[2].permissions.canSkipForward);
  BOOST_TEST(!p.entries[2].permissions.canSkipBack);
  BOOST_TEST(p.entries[3].src == "http://example.com/d.mp3");
  BOOST_TEST(p.entries[3].title == "wins");
  BOOST_TEST(p.entries[3].author == "wins too");
  BOOST_TEST(p.entries[3].durationSeconds.value_or(-1) == 20.0);  // i:duration wins over dur
  // libxml2 records the line where a start tag ends; the position is where it starts.
  BOOST_TEST(p.entries[3].pos.line == 7);
  BOOST_TEST(p.entries[3].pos.column == 1);
}

BOOST_AUTO_TEST_CASE(nested_seqs_flatten_in_document_order) {
  const auto p = parse(smil(R"(<ref src="1"/>
<seq><ref src="2"/><seq><ref src="3"/><seq/></seq><ref src="4"/></seq>
<ref src="5"/>)"));
  std::string order;
  for (const auto& e : p.entries) order += e.src;
  BOOST_TEST(order == "12345");
}

BOOST_AUTO_TEST_CASE(a_param_wins_over_the_attribute) {
  const auto e = entry(R"(<ref src="a" canSeek="false" canSkipForward="true" canSkipBack="false">
  <param name="canSeek" value="true"/>
  <param name="canSkipForward" value="false"/>
</ref>)");
  BOOST_TEST(e.permissions.canSeek);
  BOOST_TEST(!e.permissions.canSkipForward);
  BOOST_TEST(!e.permissions.canSkipBack);  // no param: the attribute stays
}

BOOST_AUTO_TEST_CASE(an_ad_cannot_be_skipped_or_seeked_unless_it_says_so) {
  const auto ad = entry(R"(<ref src="a" i:kind="ad"/>)");
  BOOST_TEST((ad.kind == EntryKind::Ad));
  BOOST_TEST(!ad.permissions.canSeek);
  BOOST_TEST(!ad.permissions.canSkipForward);
  BOOST_TEST(ad.permissions.canSkipBack);
  BOOST_TEST(requiredBytes(ad, 100) == 100u);  // plays through

  const auto lenient = entry(R"(<ref src="a" i:kind="ad" canSeek="true">
  <param name="canSkipForward" value="true"/></ref>)");
  BOOST_TEST(lenient.permissions.canSeek);
  BOOST_TEST(lenient.permissions.canSkipForward);

  const auto content = entry(R"(<ref src="a" i:kind="content"/>)");
  BOOST_TEST((content.kind == EntryKind::Content));
  BOOST_TEST(content.permissions.canSeek);
}

BOOST_AUTO_TEST_CASE(skip_after_in_percent_or_seconds) {
  const auto percent = entry(R"(<ref src="a" i:skipAfter="12.5%"/>)");
  BOOST_TEST((percent.skipAfter->unit == SkipAfter::Unit::Percent));
  BOOST_TEST(percent.skipAfter->value == 12.5);
  for (const auto& [text, seconds] :
       std::vector<std::pair<std::string, double>>{{"10", 10}, {"10s", 10}, {"1min", 60}}) {
    const auto e = entry("<ref src=\"a\" i:skipAfter=\"" + text + "\"/>");
    BOOST_TEST((e.skipAfter->unit == SkipAfter::Unit::Seconds), text);
    BOOST_TEST(e.skipAfter->value == seconds, text);
  }
  BOOST_TEST(entry(R"(<ref src="a" i:skipAfter="0%"/>)").skipAfter->value == 0.0);
  BOOST_TEST(entry(R"(<ref src="a" i:skipAfter="100%"/>)").skipAfter->value == 100.0);
}

BOOST_DATA_TEST_CASE(bad_skip_after_values_are_named,
                     data::make({"150%", "100.1%", "-5%", "%", "ten", "10x", "-10", ""}), value) {
  const auto d = problem(smil(R"(<ref src="a" i:skipAfter=")" + std::string(value) + "\"/>"));
  BOOST_TEST(d.message.find("ref/@i:skipAfter: \"" + std::string(value) + "\"") == 0u, d.str());
  BOOST_TEST(d.line == 4);
  BOOST_TEST(d.column == 14);  // at the attribute
}

BOOST_DATA_TEST_CASE(clock_values,
                     data::make({"30s", "1.5min", "00:01:30", "90", "01:30", "1h", "250ms",
                                 "00:00:01.5", " 30s ", "100:00:00", "0"}) ^
                         data::make({30.0, 90.0, 90.0, 90.0, 90.0, 3600.0, 0.25, 1.5, 30.0,
                                     360000.0, 0.0}),
                     text, seconds) {
  const auto e = entry("<ref src=\"a\" dur=\"" + std::string(text) + "\"/>");
  BOOST_TEST(e.durationSeconds.value_or(-1) == seconds);
}

BOOST_DATA_TEST_CASE(bad_clock_values_are_named,
                     data::make({"abc", "-5", "1e3", "1:30", "00:60:00", "00:00:60", "30 s",
                                 "5mins", "1.", ".5", "1:2:3:4", "00:01:30x", "inf", ""}),
                     text) {
  const auto d = problem(smil("<video src=\"a\" dur=\"" + std::string(text) + "\"/>"));
  BOOST_TEST(d.message == "video/@dur: \"" + std::string(text) +
                              "\" is not a clock value (like 30s, 1.5min, 00:01:30 or 90)");
}

BOOST_AUTO_TEST_CASE(smil_media_and_indefinite_durations_are_unknown) {
  BOOST_TEST(!entry(R"(<ref src="a" dur="media"/>)").durationSeconds.has_value());
  BOOST_TEST(!entry(R"(<ref src="a" dur="indefinite"/>)").durationSeconds.has_value());
  const auto d = problem(smil(R"(<ref src="a" i:duration="media"/>)"));
  BOOST_TEST(d.message.find("ref/@i:duration") == 0u);
}

BOOST_AUTO_TEST_CASE(meta_defaults_and_values) {
  const auto defaults = parse(smil(""));
  BOOST_TEST(defaults.title.empty());
  BOOST_TEST(defaults.timeToLiveMinutes == 1440);
  BOOST_TEST(defaults.inactivityTimeoutSeconds == 120);
  BOOST_TEST(defaults.maxClients == 0);
  const auto p = parse(smil("", R"(<meta name="maxClients" content="0"/>
<meta name="timeToLive" content="1"/><meta name="inactivityTimeout" content="2147483647"/>
<meta name="description" content="not ours"/><meta name="title" content="last wins"/>)"));
  BOOST_TEST(p.maxClients == 0);
  BOOST_TEST(p.timeToLiveMinutes == 1);
  BOOST_TEST(p.inactivityTimeoutSeconds == 2147483647);
  BOOST_TEST(p.title == "last wins");
}

BOOST_DATA_TEST_CASE(bad_meta_values_are_named,
                     data::make({"timeToLive", "timeToLive", "inactivityTimeout", "maxClients",
                                 "maxClients", "timeToLive"}) ^
                         data::make({"0", "abc", "2147483648", "-1", "1.5", ""}) ^
                         data::make({1, 1, 1, 0, 0, 1}),
                     name, value, minimum) {
  const auto d = problem(smil(
      "", "<meta name=\"" + std::string(name) + "\" content=\"" + std::string(value) + "\"/>"));
  BOOST_TEST(d.message == "meta \"" + std::string(name) + "\": \"" + std::string(value) +
                              "\" is not a whole number from " + std::to_string(minimum) +
                              " to 2147483647");
  BOOST_TEST(d.line == 2);
}

BOOST_AUTO_TEST_CASE(bad_flags_and_kinds_are_named) {
  const auto all = problems(smil(R"(<ref src="a" canSeek="yes" i:kind="promo">
  <param name="canSkipBack" value="no"/>
</ref>)"));
  BOOST_TEST_REQUIRE(all.size() == 3u);
  BOOST_TEST(all[0].message == "ref/@canSeek: \"yes\" is not true or false");
  BOOST_TEST(all[1].message == "ref/@i:kind: \"promo\" is not content or ad");
  BOOST_TEST(all[2].message == "param \"canSkipBack\": \"no\" is not true or false");
  BOOST_TEST(all[2].line == 5);
  BOOST_TEST(all[2].column == 29);  // the value attribute
}

BOOST_AUTO_TEST_CASE(unknown_names_are_errors_with_their_position) {
  const auto text = smil(R"(<ref src="a" bogus="1"/>
<clip src="b"/>
  <video src="c" i:colour="red"/>
<audio src="d"><param name="volume" value="11"/></audio>
<i:banner/>)");
  // The schema reports first: the file's structure must be right before its values.
  const auto schema = problems(text);
  BOOST_TEST_REQUIRE(schema.size() == 2u);
  BOOST_TEST(schema[0].str() ==
             "test.isx:4:14: Element 'ref', attribute 'bogus': The attribute 'bogus' is not "
             "allowed.");
  BOOST_TEST(schema[1].line == 5);
  BOOST_TEST(schema[1].column == 1);
  BOOST_TEST(schema[1].message.find("Element 'clip': This element is not expected.") == 0u);

  const auto rest = problems(smil(R"(<ref src="a"/>
<ref src="b"/>
  <video src="c" i:colour="red"/>
<audio src="d"><param name="volume" value="11"/></audio>
<i:banner/>)"));
  BOOST_TEST_REQUIRE(rest.size() == 3u);
  BOOST_TEST(rest[0].str() ==
             "test.isx:6:18: unknown attribute video/@i:colour (expected i:kind, i:title, "
             "i:author, i:duration or i:skipAfter)");
  BOOST_TEST(rest[1].str() ==
             "test.isx:7:16: unknown param \"volume\" (expected canSeek, canSkipForward or "
             "canSkipBack)");
  BOOST_TEST(rest[2].str() == "test.isx:8:1: unknown element <i:banner> (expected <i:ad>)");
}

BOOST_AUTO_TEST_CASE(positions_in_start_tags_over_several_lines) {
  const auto d = problem(smil(R"(<ref src="a"/><ref
    src="b"
    i:skipAfter="x"
    title="t"/>)"));
  BOOST_TEST(d.line == 6);
  BOOST_TEST(d.column == 5);
  const auto schema = problem(smil(R"(<ref
    src="b" bogus="1"/>)"));
  BOOST_TEST(schema.line == 5);
  BOOST_TEST(schema.column == 13);
  const auto p = parse(smil("<ref src=\"a\"/>\n<ref\n src=\"b\"/>"));
  BOOST_TEST(p.entries[1].pos.line == 5);
  BOOST_TEST(p.entries[1].pos.column == 1);
}

BOOST_AUTO_TEST_CASE(the_schema_names_nodes_with_their_prefixes) {
  BOOST_TEST(problem(smil(R"(<seq i:kind="ad"/>)")).str() ==
             "test.isx:4:6: Element 'seq', attribute 'i:kind': The attribute 'i:kind' is not "
             "allowed.");
  const auto d = problem(
      R"(<s:smil xmlns:s="http://www.w3.org/2005/SMIL21/Language"><s:body><s:clip/></s:body>)"
      "</s:smil>");
  BOOST_TEST(d.column == 66);
  BOOST_TEST(d.message.find("Element 's:clip': This element is not expected. Expected is one of "
                            "( *, s:ref,") == 0u,
             d.message);
}

BOOST_AUTO_TEST_CASE(the_schema_names_missing_and_misplaced_parts) {
  BOOST_TEST(mentions(problems(smil("<ref title=\"no src\"/>")),
                      "The attribute 'src' is required but missing"));
  BOOST_TEST(mentions(problems(smil("<ref src=\"\"/>")), "'src'"));
  BOOST_TEST(mentions(problems(smil("", "<meta name=\"title\"/>")), "'content'"));
  BOOST_TEST(mentions(problems(smil("<ref src=\"a\"><ref src=\"b\"/></ref>")),
                      "Element 'ref': This element is not expected"));
  BOOST_TEST(mentions(problems(smil("<seq title=\"x\"/>")), "attribute 'title'"));
  // head belongs before body.
  BOOST_TEST(!problems("<smil><body/><head/></smil>").empty());
}

BOOST_AUTO_TEST_CASE(empty_playlists_are_valid) {
  BOOST_TEST(parse(smil("")).entries.empty());
  BOOST_TEST(parse("<smil/>").entries.empty());
  BOOST_TEST(parse("<?wsx version=\"1.0\"?><smil><seq/></smil>").entries.empty());
}

BOOST_AUTO_TEST_CASE(a_wrong_root_is_refused) {
  BOOST_TEST(problem("<?xml version=\"1.0\"?>\n<rss version=\"2.0\"/>").str() ==
             "test.isx:2:1: the root element is <rss>; a playlist is <smil>");
  BOOST_TEST(problem("<smil xmlns=\"urn:other\"/>").message ==
             "<smil> is in the namespace \"urn:other\"; expected http://www.w3.org/ns/SMIL, a "
             "SMIL 2.x namespace or none");
  BOOST_TEST(problem("<i:smil xmlns:i=\"urn:interlude:playlist:1\"/>")
                 .message.find("<i:smil> is in the namespace") == 0u);
}

BOOST_AUTO_TEST_CASE(malformed_xml_is_refused_with_its_position) {
  const auto d = problems("<smil>\n<body>\n<ref src=\"a\">\n</body></smil>");
  BOOST_TEST_REQUIRE(!d.empty());
  BOOST_TEST(d[0].line == 4);
  BOOST_TEST(!problems("").empty());
  BOOST_TEST(!problems("not xml at all").empty());
  BOOST_TEST(!problems("<smil><body><ref src=\"a&b\"/></body></smil>").empty());
}

BOOST_AUTO_TEST_CASE(external_entities_are_refused) {
  const std::string doctype =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE smil [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n";
  const auto inContent = problem(doctype + "<smil><body>&x;</body></smil>");
  BOOST_TEST(inContent.str() ==
             "test.isx:2:1: DOCTYPE declarations are not allowed (no DTDs or entities)");
  // libxml2 itself refuses an external entity in an attribute value.
  const auto inAttribute =
      problem(doctype + "<smil><head><meta name=\"title\" content=\"&x;\"/></head></smil>");
  BOOST_TEST(inAttribute.message == "Attribute references external entity 'x'");
}

BOOST_AUTO_TEST_CASE(billion_laughs_are_refused) {
  std::string text = "<?xml version=\"1.0\"?>\n<!DOCTYPE smil [\n<!ENTITY l0 \"ha\">\n";
  for (int i = 1; i <= 10; ++i) {
    text += "<!ENTITY l" + std::to_string(i) + " \"";
    for (int j = 0; j < 10; ++j) text += "&l" + std::to_string(i - 1) + ";";
    text += "\">\n";
  }
  const auto inAttribute =
      problems(text + "]>\n<smil><head><meta name=\"title\" content=\"&l10;\"/></head></smil>");
  BOOST_TEST(mentions(inAttribute, "entity reference loop"));  // libxml2's amplification guard
  const auto inContent = problems(text + "]>\n<smil><body>&l10;</body></smil>");
  BOOST_TEST(!inContent.empty());
}

BOOST_AUTO_TEST_CASE(seq_nesting_is_bounded) {
  const auto nested = [](int depth) {
    std::string body;
    for (int i = 0; i < depth; ++i) body += "<seq>";
    body += "<ref src=\"deep.mp4\"/>";
    for (int i = 0; i < depth; ++i) body += "</seq>";
    return smil(body);
  };
  BOOST_TEST(parse(nested(16)).entries.size() == 1u);
  BOOST_TEST(problem(nested(17)).message == "seq nested deeper than 16 levels");
  BOOST_TEST(problem(nested(200)).message == "seq nested deeper than 16 levels");
  // The IIS form counts the seq under smil as the first level.
  std::string iis = "<smil>";
  for (int i = 0; i < 17; ++i) iis += "<seq>";
  for (int i = 0; i < 17; ++i) iis += "</seq>";
  BOOST_TEST(problem(iis + "</smil>").message == "seq nested deeper than 16 levels");
}

BOOST_AUTO_TEST_CASE(a_10_mb_playlist_parses) {
  std::string body;
  int count = 0;
  while (body.size() < 10 * 1024 * 1024) {
    body += "<video src=\"media/part" + std::to_string(count++) +
            ".mp4\" title=\"A part\" dur=\"00:01:30\" i:skipAfter=\"50%\"/>\n";
  }
  const auto p = parse(smil(body));
  BOOST_TEST(p.entries.size() == static_cast<std::size_t>(count));
  BOOST_TEST(p.entries.back().src == "media/part" + std::to_string(count - 1) + ".mp4");
  // Past line 65535, libxml2 reports an element at the line of the next one.
  BOOST_TEST(p.entries.back().pos.line == count + 3);
  BOOST_TEST(p.entries.back().pos.column == 1);
}

BOOST_AUTO_TEST_CASE(every_problem_is_reported_at_once) {
  const auto all = problems(smil(R"(<ref src="a" dur="x"/>
<ref src="b" i:skipAfter="200%"/>)",
                                 R"(<meta name="maxClients" content="many"/>)"));
  BOOST_TEST(all.size() == 3u);
}

BOOST_AUTO_TEST_CASE(a_missing_file_is_an_input_error) {
  BOOST_CHECK_THROW(parseIsxFile(kData + "no-such.isx"), InputError);
}

BOOST_AUTO_TEST_CASE(the_schema_is_embedded) {
  BOOST_TEST(isxSchema().find("targetNamespace=\"http://www.w3.org/ns/SMIL\"") !=
             std::string_view::npos);
}

BOOST_AUTO_TEST_SUITE_END()
