#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include "rules/EntryList.h"

using interlude::playlists::ResolvedEntry;
using interlude::scripting::rules::EntryList;

namespace {

// Allocations left before one fails on this thread; -1: none fails.
thread_local int allocationsBeforeFailure = -1;

ResolvedEntry entry(const std::string& name) {
  ResolvedEntry r;
  r.entry.title = name;
  r.target = "/media/a-path-longer-than-small-strings/" + name + ".mp4";
  return r;
}

std::vector<std::string> targets(const EntryList::Entries& entries) {
  std::vector<std::string> out;
  for (const auto& r : entries) out.push_back(r.target);
  return out;
}

}  // namespace

// Every allocation of this test program comes here: one can be made to fail.
void* operator new(std::size_t size) {
  if (allocationsBeforeFailure == 0) {
    allocationsBeforeFailure = -1;
    throw std::bad_alloc();
  }
  if (allocationsBeforeFailure > 0) --allocationsBeforeFailure;
  if (void* memory = std::malloc(size == 0 ? 1 : size)) return memory;
  throw std::bad_alloc();
}
void operator delete(void* memory) noexcept { std::free(memory); }
void operator delete(void* memory, std::size_t) noexcept { std::free(memory); }

BOOST_AUTO_TEST_SUITE(entry_list)

BOOST_AUTO_TEST_CASE(edits_make_the_playlist_on_commit_only) {
  EntryList::Entries playlist{entry("a"), entry("b"), entry("c")};
  const auto before = targets(playlist);
  const auto ad = entry("ad");
  auto made = entry("made");
  EntryList list(playlist);
  list.insert(1, {{nullptr, &ad}, {&made, nullptr}});
  list.move(0, 4);  // a ad made b c -> ad made b c a
  list.remove(2);
  BOOST_TEST(list.size() == 4u);
  BOOST_TEST(list[1].entry.title == "made");
  BOOST_TEST(targets(playlist) == before);  // nothing changed before the commit
  list.commit();
  std::vector<std::string> titles;
  for (const auto& r : playlist) titles.push_back(r.entry.title);
  BOOST_TEST((titles == std::vector<std::string>{"ad", "made", "c", "a"}));
  BOOST_TEST(ad.target == entry("ad").target);  // shared: copied, not moved from
}

// A copy that fails in the commit leaves the playlist as it was.
BOOST_AUTO_TEST_CASE(a_commit_that_fails_leaves_the_playlist_as_it_was) {
  EntryList::Entries playlist{entry("a"), entry("b"), entry("c")};
  const auto before = targets(playlist);
  const auto ad = entry("ad");
  EntryList list(playlist);
  list.insert(3, {{nullptr, &ad}});
  allocationsBeforeFailure = 1;  // the new list's buffer, then the ad's first string
  BOOST_CHECK_THROW(list.commit(), std::bad_alloc);
  allocationsBeforeFailure = -1;
  BOOST_TEST(targets(playlist) == before);
}

BOOST_AUTO_TEST_SUITE_END()
