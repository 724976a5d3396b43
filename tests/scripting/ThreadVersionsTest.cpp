#include <atomic>
#include <barrier>
#include <boost/test/unit_test.hpp>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "interlude/scripting/ThreadSlots.h"
#include "interlude/scripting/ThreadVersions.h"

using interlude::scripting::ThreadSlots;
using interlude::scripting::ThreadVersions;

BOOST_AUTO_TEST_SUITE(thread_versions)

BOOST_AUTO_TEST_CASE(each_thread_has_a_slot_of_its_own_and_keeps_it) {
  ThreadSlots<int> slots;
  constexpr int threads = 8;
  std::barrier allClaimed(threads);
  std::atomic<int> wrong{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      int* mine = slots.mine();
      *mine = t;
      allClaimed.arrive_and_wait();
      for (int i = 0; i < 100; ++i) {
        if (slots.mine() != mine || *mine != t) ++wrong;
      }
    });
  }
  for (auto& worker : workers) worker.join();
  BOOST_TEST(wrong == 0);
}

BOOST_AUTO_TEST_CASE(a_pin_keeps_its_version_and_the_next_takes_the_newest) {
  ThreadVersions<const std::string> versions(std::make_shared<const std::string>("first"));
  std::shared_ptr<const std::string> kept;
  {
    const auto pinned = versions.pin();
    versions.replace(std::make_shared<const std::string>("second"));
    BOOST_TEST(*versions.current() == "second");
    BOOST_TEST(*versions.pin() == "first");  // a pin of this thread is alive
    BOOST_TEST(*pinned == "first");
    kept = pinned.shared();
    BOOST_TEST(kept.get() == &*pinned);
  }
  BOOST_TEST(*versions.pin() == "second");
  BOOST_TEST(*kept == "first");  // shared() keeps the version beyond the pin
  BOOST_TEST(kept.use_count() == 1);
}

// Past ThreadSlots::kSlots threads at once, a pin holds a reference of its own.
BOOST_AUTO_TEST_CASE(threads_past_the_slots_pin_a_reference_of_their_own) {
  constexpr auto threads = ThreadSlots<int>::kSlots + 6;
  ThreadVersions<const std::string> versions(std::make_shared<const std::string>("first"));
  std::barrier allPinned(static_cast<std::ptrdiff_t>(threads) + 1);
  std::barrier replaced(static_cast<std::ptrdiff_t>(threads) + 1);
  std::atomic<int> wrong{0};
  std::vector<std::thread> workers;
  for (std::size_t t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      {
        const auto pinned = versions.pin();
        allPinned.arrive_and_wait();
        replaced.arrive_and_wait();
        if (*pinned != "first" || pinned.shared().get() != &*pinned) ++wrong;
      }
      if (*versions.pin() != "second") ++wrong;
    });
  }
  allPinned.arrive_and_wait();
  versions.replace(std::make_shared<const std::string>("second"));
  replaced.arrive_and_wait();
  for (auto& worker : workers) worker.join();
  BOOST_TEST(wrong == 0);
}

BOOST_AUTO_TEST_SUITE_END()
