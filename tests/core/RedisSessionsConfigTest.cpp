#include <Poco/TemporaryFile.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>

#include "interlude/core/ConfigLoader.h"
#include "interlude/core/Diagnostic.h"

using namespace interlude::core;
namespace fs = std::filesystem;

namespace {

constexpr const char* kTokens =
    "<tokens active=\"k\"><key id=\"k\" secret=\"0123456789abcdef\"/></tokens>";

// A config with `inner` after <admin>, in a folder of its own; loads it.
struct SessionsConfigFile {
  explicit SessionsConfigFile(const std::string& inner) {
    fs::create_directories(dir / "site");
    std::ofstream(dir / "interlude.xml")
        << "<?xml version=\"1.0\"?>\n<interlude xmlns=\"urn:interlude:config:1\">\n"
           "  <server><listen address=\"127.0.0.1:8080\"/></server>\n  "
        << inner << "\n  <site name=\"main\" root=\"site\"/>\n</interlude>\n";
  }
  ~SessionsConfigFile() { fs::remove_all(dir); }
  Config load() const { return loadConfig((dir / "interlude.xml").string(), {}); }
  std::string problems() const {
    try {
      load();
    } catch (const InputError& e) {
      return e.report();
    }
    return {};
  }
  fs::path dir = Poco::TemporaryFile::tempName();
};

}  // namespace

BOOST_AUTO_TEST_SUITE(redis_sessions_config)

BOOST_AUTO_TEST_CASE(memory_is_the_default) {
  const auto config = SessionsConfigFile("").load();
  BOOST_TEST((config.sessions.store == SessionsConfig::Store::Memory));
}

BOOST_AUTO_TEST_CASE(a_redis_store_is_read_with_its_settings) {
  const auto config =
      SessionsConfigFile(std::string(kTokens) +
                         "<sessions store=\"redis\" address=\"redis.internal:6380\" "
                         "prefix=\"site1:\" fallback=\"memory\" "
                         "connectTimeoutMilliseconds=\"200\" "
                         "timeoutMilliseconds=\"300\"/>")
          .load();
  const auto& s = config.sessions;
  BOOST_TEST((s.store == SessionsConfig::Store::Redis));
  BOOST_TEST(s.address == "redis.internal:6380");
  BOOST_TEST(s.prefix == "site1:");
  BOOST_TEST((s.fallback == SessionsConfig::Fallback::Memory));
  BOOST_TEST(s.connectTimeoutMilliseconds == 200);
  BOOST_TEST(s.timeoutMilliseconds == 300);
}

BOOST_AUTO_TEST_CASE(a_shared_store_needs_token_keys_every_node_has) {
  const auto report = SessionsConfigFile("<sessions store=\"redis\"/>").problems();
  BOOST_TEST(report.find("interlude.xml:4:") != std::string::npos, report);
  BOOST_TEST(report.find("configure the same <tokens> keys on every node") != std::string::npos,
             report);
}

BOOST_AUTO_TEST_CASE(bad_values_are_refused_by_the_schema) {
  BOOST_TEST(!SessionsConfigFile("<sessions store=\"etcd\"/>").problems().empty());
  BOOST_TEST(!SessionsConfigFile("<sessions address=\"no-port\"/>").problems().empty());
  BOOST_TEST(!SessionsConfigFile("<sessions fallback=\"maybe\"/>").problems().empty());
}

BOOST_AUTO_TEST_CASE(a_password_variable_that_is_not_set_is_an_error) {
  const auto report =
      SessionsConfigFile(
          std::string(kTokens) +
          "<sessions store=\"redis\" passwordEnv=\"INTERLUDE_TEST_UNSET_VARIABLE\"/>")
          .problems();
  BOOST_TEST(report.find("INTERLUDE_TEST_UNSET_VARIABLE is not set") != std::string::npos, report);
}

BOOST_AUTO_TEST_SUITE_END()
