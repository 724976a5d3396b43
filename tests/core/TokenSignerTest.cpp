#include <boost/test/unit_test.hpp>

#include "interlude/core/TokenSigner.h"

using namespace interlude::core;

namespace {
const TokenSigner::Key kOld{"k1", "an-old-secret-0123456789"};
const TokenSigner::Key kNew{"k2", "a-new-secret-9876543210"};
const TokenClaims kClaims{"9f2c01", 3, 2000};
}  // namespace

BOOST_AUTO_TEST_SUITE(token_signer)

BOOST_AUTO_TEST_CASE(sign_then_verify) {
  const TokenSigner signer({kNew}, "k2");
  const auto token = signer.sign(kClaims);
  BOOST_TEST(token.find("k2.9f2c01.3.2000.") == 0u);
  const auto v = signer.verify(token, 1000);
  BOOST_REQUIRE(v.claims.has_value());
  BOOST_TEST(v.claims->session == "9f2c01");
  BOOST_TEST(v.claims->entry == 3);
  BOOST_TEST(v.claims->expires == 2000);
}

BOOST_AUTO_TEST_CASE(appended_tokens_are_the_signed_ones) {
  const TokenSigner signer({kNew}, "k2");
  std::string out = "/_/e/";
  signer.appendSigned(out, kClaims);
  BOOST_TEST(out == "/_/e/" + signer.sign(kClaims));
  signer.appendSigned(out, {"9f2c01", 4, 2000});
  BOOST_TEST(out == "/_/e/" + signer.sign(kClaims) + signer.sign({"9f2c01", 4, 2000}));
}

BOOST_AUTO_TEST_CASE(expired_forged_and_malformed_tokens_fail) {
  const TokenSigner signer({kNew}, "k2");
  const auto token = signer.sign(kClaims);
  BOOST_TEST(signer.verify(token, 2000).error == "expired");
  std::string forged = token;
  forged.replace(token.find(".3."), 3, ".4.");  // another entry, same MAC
  BOOST_TEST(signer.verify(forged, 1000).error == "bad signature");
  BOOST_TEST(signer.verify("nonsense", 1000).error == "malformed token");
  BOOST_TEST(signer.verify("k9.a.1.2.x", 1000).error.find("unknown key") == 0u);
  const TokenSigner other({{"k2", "another-secret-with-same-id"}}, "k2");
  BOOST_TEST(other.verify(token, 1000).error == "bad signature");
}

BOOST_AUTO_TEST_CASE(keys_rotate) {
  const TokenSigner before({kOld}, "k1");
  const auto oldToken = before.sign(kClaims);
  const TokenSigner after({kOld, kNew}, "k2");
  BOOST_TEST(after.verify(oldToken, 1000).claims.has_value());  // still valid
  BOOST_TEST(after.sign(kClaims).find("k2.") == 0u);            // new ones use k2
  const TokenSigner retired({kNew}, "k2");
  BOOST_TEST(!retired.verify(oldToken, 1000).claims.has_value());
  BOOST_CHECK_THROW(TokenSigner({kOld}, "k2"), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(random_secrets_differ) {
  BOOST_TEST(TokenSigner::randomSecret() != TokenSigner::randomSecret());
  BOOST_TEST(TokenSigner::randomSecret().size() == 43u);
}

BOOST_AUTO_TEST_SUITE_END()
