#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "rules/EntryList.h"

using interlude::playlists::ResolvedEntry;
using interlude::scripting::rules::EntryList;

namespace {

ResolvedEntry entry(const std::string& name) {
  ResolvedEntry r;
  r.entry.title = name;
  return r;
}

std::vector<std::string> titles(const EntryList::Refs& entries) {
  std::vector<std::string> out;
  for (const auto* r : entries) out.push_back(r->entry.title);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(entry_list)

BOOST_AUTO_TEST_CASE(edits_change_the_entries_on_commit_only) {
  const auto a = entry("a"), b = entry("b"), c = entry("c"), ad = entry("ad"), d = entry("d");
  EntryList::Refs entries{&a, &b, &c};
  EntryList list(entries);
  list.insert(1, {&ad, &ad});
  list.move(0, 4);  // a ad ad b c -> ad ad b c a
  list.remove(2);
  list.replace(2, &d);
  BOOST_TEST(list.size() == 4u);
  BOOST_TEST(list[3].entry.title == "a");
  BOOST_TEST((titles(entries) == std::vector<std::string>{"a", "b", "c"}));  // not yet
  list.commit();
  BOOST_TEST((titles(entries) == std::vector<std::string>{"ad", "ad", "d", "a"}));
  BOOST_TEST(entries[0] == &ad);  // the entries themselves, not copies
}

BOOST_AUTO_TEST_SUITE_END()
