#include <Poco/Redis/Command.h>

#include <algorithm>
#include <atomic>
#include <boost/test/unit_test.hpp>
#include <string>
#include <thread>
#include <vector>

#include "RedisServer.h"
#include "interlude/core/FallbackSessionStore.h"
#include "interlude/core/RedisSessionStore.h"
#include "interlude/core/StoreUnavailable.h"

using namespace interlude::core;
using namespace std::chrono_literals;
using Poco::Redis::Command;

namespace {

SessionsConfig redisConfig(const std::string& address) {
  SessionsConfig config;
  config.store = SessionsConfig::Store::Redis;
  config.address = address;
  config.prefix = "test:";
  return config;
}

// Two nodes' stores on one Redis.
struct Fixture {
  RedisServer redis;
  Poco::Logger& log = Poco::Logger::get("test.sessions");
  RedisSessionStore store{redisConfig(redis.address()), log};
  RedisSessionStore otherNode{redisConfig(redis.address()), log};

  // What Redis holds, seen with a connection of the test's own.
  Poco::Int64 pttl(const std::string& key) {
    Command command("PTTL");
    command << key;
    return redis.client()->execute<Poco::Int64>(command);
  }
};

// A free loopback port: nothing listens there.
std::string closedAddress() {
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
  return "127.0.0.1:" + std::to_string(socket.address().port());
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(redis_session_store, Fixture)

BOOST_AUTO_TEST_CASE(create_is_only_once_and_expires_with_its_ttl) {
  BOOST_TEST(store.create("s1", "v", 10s));
  BOOST_TEST(!otherNode.create("s1", "w", 10s));  // exists, whichever node asks
  BOOST_TEST(*otherNode.get("s1") == "v");
  BOOST_TEST(!store.get("nothing").has_value());
  // The key is kept under the prefix, with the TTL asked for.
  const auto ttl = pttl("test:s1");
  BOOST_TEST(ttl > 9000);
  BOOST_TEST(ttl <= 10000);
}

BOOST_AUTO_TEST_CASE(touch_sets_a_new_ttl_only_on_a_live_key) {
  BOOST_TEST(!store.touch("s1", 100s));
  store.create("s1", "v", 10s);
  BOOST_TEST(otherNode.touch("s1", 100s));
  BOOST_TEST(pttl("test:s1") > 90000);
}

BOOST_AUTO_TEST_CASE(compare_and_set_replaces_only_the_expected_value_and_keeps_the_ttl) {
  BOOST_TEST(!store.compareAndSet("s1", "v", "w"));  // no key
  store.create("s1", "v", 10s);
  BOOST_TEST(!otherNode.compareAndSet("s1", "x", "w"));
  BOOST_TEST(*store.get("s1") == "v");
  BOOST_TEST(otherNode.compareAndSet("s1", "v", "w"));
  BOOST_TEST(*store.get("s1") == "w");
  BOOST_TEST(pttl("test:s1") > 0);  // not made permanent
}

BOOST_AUTO_TEST_CASE(increment_creates_with_a_ttl_that_later_increments_keep) {
  BOOST_TEST(store.increment("c", 1, 10s) == 1);
  BOOST_TEST(otherNode.increment("c", 5, 1000s) == 6);
  BOOST_TEST(store.increment("c", -2, 1000s) == 4);
  BOOST_TEST(pttl("test:c") <= 10000);  // the first call's TTL
  BOOST_TEST(pttl("test:c") > 0);
}

BOOST_AUTO_TEST_CASE(remove_deletes) {
  store.create("s1", "v", 10s);
  otherNode.remove("s1");
  BOOST_TEST(!store.get("s1").has_value());
}

BOOST_AUTO_TEST_CASE(admit_bounds_a_group_across_nodes) {
  const auto later = SessionStore::Clock::now() + 60s;
  BOOST_TEST(store.admit("g", "a", 2, later));
  BOOST_TEST(otherNode.admit("g", "b", 2, later));
  BOOST_TEST(!store.admit("g", "c", 2, later));           // full
  BOOST_TEST(otherNode.admit("g", "a", 2, later + 10s));  // already in: renewed
  BOOST_TEST(store.admit("g", "c", 0, later));            // no limit
  otherNode.leave("g", "c");
  otherNode.leave("g", "b");
  BOOST_TEST(store.admit("g", "d", 2, later));
  // The group lives as long as its last member.
  BOOST_TEST(pttl("test:g") > 60000);
}

BOOST_AUTO_TEST_CASE(admit_drops_members_whose_time_has_passed) {
  const auto now = SessionStore::Clock::now();
  BOOST_TEST(store.admit("g", "gone", 1, now - 1s));
  BOOST_TEST(otherNode.admit("g", "new", 1, now + 60s));
  BOOST_TEST(!store.admit("g", "third", 1, now + 60s));
}

BOOST_AUTO_TEST_CASE(compare_and_set_is_atomic_across_nodes) {
  store.create("n", "0", 60s);
  constexpr int kThreads = 4;
  constexpr int kEach = 100;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto& node = t % 2 ? store : otherNode;
      for (int i = 0; i < kEach; ++i) {
        for (;;) {  // read, add one, write back unless someone else did first
          const auto current = *node.get("n");
          if (node.compareAndSet("n", current, std::to_string(std::stoi(current) + 1))) break;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  BOOST_TEST(*store.get("n") == std::to_string(kThreads * kEach));
}

BOOST_AUTO_TEST_CASE(concurrent_calls_go_out_together_and_each_gets_its_own_reply) {
  constexpr int kThreads = 8;
  constexpr int kEach = 200;
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        const auto key = "k" + std::to_string(t) + "." + std::to_string(i);
        if (!store.create(key, key, 60s) || store.get(key) != key) ++wrong;
      }
    });
  }
  for (auto& t : threads) t.join();
  BOOST_TEST(wrong == 0);
  // Batched on at most 4 connections, not one per thread (the test's own
  // connection is one more client).
  const auto clients =
      redis.client()->execute<Poco::Redis::BulkString>(Command("CLIENT") << "LIST");
  const auto& list = clients.value();
  BOOST_TEST(std::count(list.begin(), list.end(), '\n') <= 5, list);
}

BOOST_AUTO_TEST_CASE(keys_lists_live_keys_by_prefix_without_the_store_prefix) {
  for (int i = 0; i < 30; ++i) store.create("session:" + std::to_string(i), "v", 10s);
  store.create("session*x", "v", 10s);  // a glob character in the prefix is matched literally
  store.create("plan:1", "v", 10s);
  auto all = otherNode.keys("session:", 100);
  BOOST_TEST(all.size() == 30u);
  std::sort(all.begin(), all.end());
  BOOST_TEST(all.front() == "session:0");
  BOOST_TEST(otherNode.keys("session:", 7).size() == 7u);
  BOOST_TEST(otherNode.keys("session*", 100) == std::vector<std::string>{"session*x"});
}

BOOST_AUTO_TEST_CASE(scripts_a_flushed_server_lost_are_loaded_again) {
  store.create("s1", "v", 10s);
  Command flush("SCRIPT");
  flush << "FLUSH";
  redis.client()->execute<std::string>(flush);
  BOOST_TEST(store.compareAndSet("s1", "v", "w"));
  BOOST_TEST(store.increment("c", 2, 10s) == 2);
}

BOOST_AUTO_TEST_CASE(an_unreachable_server_is_a_503_and_a_degradation) {
  store.create("s1", "v", 10s);  // connected
  redis.stop();
  BOOST_CHECK_THROW(store.get("s1"), StoreUnavailable);
  try {
    store.create("s2", "v", 10s);
    BOOST_FAIL("created without a store");
  } catch (const StoreUnavailable& e) {
    BOOST_TEST(e.status() == 503);
    BOOST_TEST(std::string(e.what()).find(redis.address()) != std::string::npos);
  }
  const auto problem = store.degradation();
  BOOST_TEST(problem.find("unreachable") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(a_malformed_reply_is_a_503_and_drops_the_connection) {
  Poco::Net::ServerSocket listener(Poco::Net::SocketAddress("127.0.0.1", 0));
  // Not Redis: answers the first command with something that is not RESP,
  // then sees whether the store hangs up.
  bool closed = false;
  std::thread peer([&] {
    auto connection = listener.acceptConnection();
    connection.setReceiveTimeout(Poco::Timespan(10, 0));
    connection.sendBytes("?garbage\r\n", 10);
    char buffer[4096];
    try {
      while (connection.receiveBytes(buffer, sizeof buffer) > 0) {
      }
      closed = true;
    } catch (const Poco::Exception&) {  // still open after 10 s
    }
  });
  auto config = redisConfig("127.0.0.1:" + std::to_string(listener.address().port()));
  RedisSessionStore store(config, Poco::Logger::get("test.sessions"));
  BOOST_CHECK_THROW(store.get("s1"), StoreUnavailable);
  BOOST_TEST(store.degradation().find("malformed Redis reply") != std::string::npos,
             store.degradation());
  peer.join();
  BOOST_TEST(closed);
}

BOOST_AUTO_TEST_CASE(the_store_authenticates_with_the_configured_password) {
  RedisServer redis("s3cret pass");
  auto config = redisConfig(redis.address());
  config.password = "s3cret pass";
  RedisSessionStore store(config, Poco::Logger::get("test.sessions"));
  BOOST_TEST(store.create("s1", "v", 10s));
  Command get("GET");
  get << "test:s1";
  BOOST_TEST(redis.client()->execute<Poco::Redis::BulkString>(get).value() == "v");
  BOOST_TEST(store.degradation().empty());
}

BOOST_AUTO_TEST_CASE(a_wrong_or_missing_password_is_a_503_naming_the_refusal) {
  RedisServer redis("s3cret pass");
  for (const std::string password : {"wrong", ""}) {
    auto config = redisConfig(redis.address());
    config.password = password;
    RedisSessionStore store(config, Poco::Logger::get("test.sessions"));
    try {
      store.create("s1", "v", 10s);
      BOOST_FAIL("created without authenticating, password \"" + password + "\"");
    } catch (const StoreUnavailable& e) {
      BOOST_TEST(e.status() == 503);
    }
    const auto problem = store.degradation();
    const auto refused = password.empty() ? "NOAUTH" : "WRONGPASS";
    BOOST_TEST(problem.find(refused) != std::string::npos, problem);
  }
  Command exists("EXISTS");
  exists << "test:s1";
  BOOST_TEST(redis.client()->execute<Poco::Int64>(exists) == 0);
}

BOOST_AUTO_TEST_CASE(a_healthy_redis_store_reports_no_degradation) {
  RedisServer redis;
  RedisSessionStore store(redisConfig(redis.address()), Poco::Logger::get("test.sessions"));
  BOOST_TEST(store.degradation().empty());
}

BOOST_AUTO_TEST_CASE(the_fallback_keeps_sessions_in_memory_while_redis_is_unreachable) {
  FallbackSessionStore store(std::make_unique<RedisSessionStore>(
      redisConfig(closedAddress()), Poco::Logger::get("test.sessions")));
  BOOST_TEST(store.create("s1", "v", 10s));
  BOOST_TEST(*store.get("s1") == "v");
  BOOST_TEST(store.compareAndSet("s1", "v", "w"));
  BOOST_TEST(store.touch("s1", 10s));
  BOOST_TEST(store.increment("c", 3, 10s) == 3);
  BOOST_TEST(store.admit("g", "a", 1, SessionStore::Clock::now() + 10s));
  BOOST_TEST(store.keys("s", 10) == std::vector<std::string>{"s1"});
  BOOST_TEST(store.degradation().find("memory") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_fallback_uses_redis_when_it_answers) {
  RedisServer redis;
  FallbackSessionStore store(std::make_unique<RedisSessionStore>(
      redisConfig(redis.address()), Poco::Logger::get("test.sessions")));
  BOOST_TEST(store.create("s1", "v", 10s));
  Command get("GET");
  get << "test:s1";
  BOOST_TEST(redis.client()->execute<Poco::Redis::BulkString>(get).value() == "v");
  BOOST_TEST(store.degradation().empty());
}
