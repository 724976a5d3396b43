#include <boost/test/unit_test.hpp>

#include "interlude/playlists/AsxDocument.h"
#include "interlude/playlists/Session.h"

using namespace interlude::playlists;

namespace {

// A session of one entry reached through a publishing point: its multicast
// group first, its entry link (redirecting to the HTTP relay) after.
Session multicastEntry() {
  Session s;
  s.id = "abc";
  s.playlist = "/tv.isx";
  s.expires = 100;
  SessionEntry news;
  news.title = "News";
  news.local = false;
  news.target = "/news/";
  news.firstRefs = {"udp://@239.1.1.1:5000", "rtp://@239.1.1.2:5002"};
  s.entries = {news};
  s.delivered = {0};
  return s;
}

std::vector<std::string> refsOf(const interlude::core::XmlDocPtr& asx) {
  std::vector<std::string> hrefs;
  for (xmlNode* entry = xmlDocGetRootElement(asx.get())->children; entry; entry = entry->next) {
    if (entry->type != XML_ELEMENT_NODE || xmlStrcmp(entry->name, BAD_CAST "entry") != 0) continue;
    for (xmlNode* ref = entry->children; ref; ref = ref->next) {
      if (ref->type != XML_ELEMENT_NODE || xmlStrcmp(ref->name, BAD_CAST "ref") != 0) continue;
      xmlChar* href = xmlGetProp(ref, BAD_CAST "href");
      hrefs.emplace_back(reinterpret_cast<const char*>(href));
      xmlFree(href);
    }
  }
  return hrefs;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(entry_first_refs)

BOOST_AUTO_TEST_CASE(asx_lists_the_first_refs_before_the_entry_link) {
  const auto asx = buildAsx(multicastEntry(), "TV", "", "http://h",
                            {"abc", "1970-01-01T00:01:40Z", [](std::size_t) { return "t0"; }});
  const auto refs = refsOf(asx);
  BOOST_TEST((refs == std::vector<std::string>{"udp://@239.1.1.1:5000", "rtp://@239.1.1.2:5002",
                                               "http://h/_/e/t0"}));
}

BOOST_AUTO_TEST_CASE(an_entry_without_first_refs_has_its_link_alone) {
  Session s = multicastEntry();
  s.entries[0].firstRefs.clear();
  const auto asx =
      buildAsx(s, "TV", "", "http://h", {"abc", "x", [](std::size_t) { return "t0"; }});
  BOOST_TEST((refsOf(asx) == std::vector<std::string>{"http://h/_/e/t0"}));
}

BOOST_AUTO_TEST_CASE(first_refs_survive_the_stored_plan) {
  const Session s = multicastEntry();
  const Session back = Session::fromParts("abc", s.planJson(), s.progressText());
  BOOST_TEST(back.entries[0].firstRefs == s.entries[0].firstRefs);
  BOOST_TEST(back.planJson() == s.planJson());
  Session plain = multicastEntry();
  plain.entries[0].firstRefs.clear();
  BOOST_TEST(plain.planJson().find("firstRefs") == std::string::npos);
  BOOST_TEST(Session::fromParts("abc", plain.planJson(), plain.progressText())
                 .entries[0]
                 .firstRefs.empty());
}

BOOST_AUTO_TEST_SUITE_END()
