#include <Poco/DigestEngine.h>
#include <Poco/HMACEngine.h>
#include <Poco/SHA2Engine.h>

#include <boost/test/unit_test.hpp>
#include <thread>
#include <vector>

#include "interlude/core/HmacSha256.h"

using interlude::core::HmacSha256;

namespace {

std::string hex(const HmacSha256::Digest& digest) {
  return Poco::DigestEngine::digestToHex({digest.begin(), digest.end()});
}

// POCO's HMAC, which TokenSigner used before: tokens must not change.
class Sha256Engine : public Poco::SHA2Engine {
 public:
  enum { BLOCK_SIZE = 64, DIGEST_SIZE = 32 };
  Sha256Engine() : SHA2Engine(SHA_256) {}
};

std::string reference(const std::string& key, const std::string& message) {
  Poco::HMACEngine<Sha256Engine> hmac(key);
  hmac.update(message);
  return Poco::DigestEngine::digestToHex(hmac.digest());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(hmac_sha256)

BOOST_AUTO_TEST_CASE(rfc4231_test_cases) {
  // Case 2: a short key.
  BOOST_TEST(hex(HmacSha256("Jefe")("what do ya want for nothing?")) ==
             "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // Case 6: a key longer than a block is hashed first.
  BOOST_TEST(hex(HmacSha256(std::string(131, '\xaa'))(
                 "Test Using Larger Than Block-Size Key - Hash Key First")) ==
             "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

BOOST_AUTO_TEST_CASE(same_macs_as_before_for_every_key_length) {
  for (const std::size_t length : {0u, 1u, 32u, 43u, 63u, 64u, 65u, 200u}) {
    const std::string key(length, 'k');
    const HmacSha256 mac(key);
    for (const auto& message :
         {std::string(), std::string("k1.9f2c01.3.2000"), std::string(300, 'm')}) {
      BOOST_TEST(hex(mac(message)) == reference(key, message), "key of " << length << " bytes");
    }
  }
}

// Each thread computes in a context of its own, reused from one MAC to the next.
BOOST_AUTO_TEST_CASE(threads_and_keys_in_turn_get_the_same_macs) {
  const HmacSha256 short_key("Jefe");
  const HmacSha256 long_key(std::string(131, '\xaa'));
  const auto expected_short = reference("Jefe", "message");
  const auto expected_long = reference(std::string(131, '\xaa'), "message");
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < mismatches.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 500; ++i) {
        mismatches[t] += hex(short_key("message")) != expected_short;
        mismatches[t] += hex(long_key("message")) != expected_long;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  BOOST_TEST(mismatches == std::vector<int>(4, 0), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
