#include <boost/test/unit_test.hpp>
#include <thread>

#include "interlude/core/OpenFileCache.h"

using namespace interlude::core;
using namespace std::chrono_literals;

namespace {
std::shared_ptr<const OpenFile> fileLoadedAt(std::chrono::steady_clock::time_point when) {
  auto f = std::make_shared<OpenFile>();
  f->loadedAt = when;
  return f;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(open_file_cache)

BOOST_AUTO_TEST_CASE(entries_expire_after_the_validity) {
  OpenFileCache cache(50ms, 10);
  const auto now = std::chrono::steady_clock::now();
  cache.insert("/fresh", fileLoadedAt(now));
  cache.insert("/stale", fileLoadedAt(now - 60ms));
  BOOST_TEST(cache.find("/fresh") != nullptr);
  BOOST_TEST(cache.find("/stale") == nullptr);
  BOOST_TEST(cache.find("/missing") == nullptr);
}

BOOST_AUTO_TEST_CASE(zero_validity_turns_it_off) {
  OpenFileCache cache(0ms, 10);
  cache.insert("/a", fileLoadedAt(std::chrono::steady_clock::now()));
  BOOST_TEST(!cache.enabled());
  BOOST_TEST(cache.find("/a") == nullptr);
}

BOOST_AUTO_TEST_CASE(a_full_cache_drops_stale_entries_first_then_starts_over) {
  OpenFileCache cache(1h, 2);
  const auto now = std::chrono::steady_clock::now();
  cache.insert("/old", fileLoadedAt(now - 2h));
  cache.insert("/a", fileLoadedAt(now));
  cache.insert("/b", fileLoadedAt(now));  // full: the stale /old goes
  BOOST_TEST(cache.find("/a") != nullptr);
  BOOST_TEST(cache.find("/b") != nullptr);
  cache.insert("/c", fileLoadedAt(now));  // full of fresh entries: cleared
  BOOST_TEST(cache.find("/a") == nullptr);
  BOOST_TEST(cache.find("/c") != nullptr);
}

BOOST_AUTO_TEST_SUITE_END()
