// The throttle policy: a table of settings and requests -> decisions.
#include <boost/test/unit_test.hpp>

#include "interlude/core/IpRange.h"
#include "interlude/throttling/ThrottlePolicy.h"

using namespace interlude::throttling;
using interlude::core::IpRange;
using Poco::Net::IPAddress;

namespace {

ThrottleRule media(std::vector<std::string> extensions, double fastStart = 20,
                   double percent = 110) {
  ThrottleRule rule;
  rule.extensions = std::move(extensions);
  rule.fastStartSeconds = fastStart;
  rule.ratePercent = percent;
  return rule;
}

ThrottleRule data(std::vector<std::string> extensions, std::uint64_t burst, std::uint64_t rate) {
  ThrottleRule rule;
  rule.kind = ThrottleRule::Kind::Data;
  rule.extensions = std::move(extensions);
  rule.fastStartBytes = burst;
  rule.bytesPerSecond = rate;
  return rule;
}

ThrottleSettings settingsOf(std::vector<ThrottleRule> rules, std::vector<IpRange> exempt = {}) {
  ThrottleSettings settings;
  settings.rules = std::move(rules);
  settings.exempt = std::move(exempt);
  return settings;
}

ThrottleRequest request(std::string_view path, std::string_view type = "application/octet-stream",
                        const char* client = "192.0.2.10") {
  return {path, type, IPAddress(client)};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(ip_range)

BOOST_AUTO_TEST_CASE(addresses_and_cidr_ranges) {
  BOOST_TEST(IpRange::parse("127.0.0.2/32").contains(IPAddress("127.0.0.2")));
  BOOST_TEST(!IpRange::parse("127.0.0.2/32").contains(IPAddress("127.0.0.1")));
  BOOST_TEST(IpRange::parse("10.0.0.0/8").contains(IPAddress("10.200.3.4")));
  BOOST_TEST(!IpRange::parse("10.0.0.0/8").contains(IPAddress("11.0.0.1")));
  BOOST_TEST(IpRange::parse("192.168.1.128/25").contains(IPAddress("192.168.1.200")));
  BOOST_TEST(!IpRange::parse("192.168.1.128/25").contains(IPAddress("192.168.1.100")));
  BOOST_TEST(IpRange::parse("0.0.0.0/0").contains(IPAddress("203.0.113.9")));
  BOOST_TEST(IpRange::parse("::1").contains(IPAddress("::1")));
  BOOST_TEST(IpRange::parse("fd00::/8").contains(IPAddress("fd12::1")));
  BOOST_TEST(!IpRange::parse("fd00::/8").contains(IPAddress("fe80::1")));
  BOOST_TEST(!IpRange::parse("fd00::/8").contains(IPAddress("10.0.0.1")));
}

BOOST_AUTO_TEST_CASE(ipv4_ranges_match_ipv4_mapped_clients) {
  BOOST_TEST(IpRange::parse("10.0.0.0/8").contains(IPAddress("::ffff:10.1.2.3")));
  BOOST_TEST(!IpRange::parse("10.0.0.0/8").contains(IPAddress("::ffff:11.1.2.3")));
}

BOOST_AUTO_TEST_CASE(bad_ranges_are_refused) {
  BOOST_CHECK_THROW(IpRange::parse("10.0.0.0/33"), std::invalid_argument);
  BOOST_CHECK_THROW(IpRange::parse("10.0.0/8"), std::invalid_argument);
  BOOST_CHECK_THROW(IpRange::parse("10.0.0.0/x"), std::invalid_argument);
  BOOST_CHECK_THROW(IpRange::parse("::1/129"), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(throttle_policy)

BOOST_AUTO_TEST_CASE(media_paces_from_the_sniffed_bitrate) {
  const ThrottlePolicy policy(settingsOf({media({".mp4"}, 20, 110)}));
  const auto d = policy.decide(request("/v/clip.MP4"), [] { return std::uint64_t{800000}; });
  BOOST_TEST(d.paced);
  BOOST_TEST(d.burstBytes == 20u * 100000u);  // 20 s of 100,000 B/s
  BOOST_TEST(d.bytesPerSecond == 110000u);
  BOOST_TEST(d.encodedBitrate == 800000u);
}

BOOST_AUTO_TEST_CASE(unknown_bitrate_is_not_paced_unless_a_fallback_is_set) {
  auto settings = settingsOf({media({".mp4"})});
  const auto unknown = [] { return std::uint64_t{0}; };
  BOOST_TEST(!ThrottlePolicy(settings).decide(request("/a.mp4"), unknown).paced);
  BOOST_TEST(ThrottlePolicy(settings).decide(request("/a.mp4"), unknown).why ==
             "bitrate unknown and no fallback rate");
  settings.fallbackBitrate = 400000;
  const auto d = ThrottlePolicy(settings).decide(request("/a.mp4"), unknown);
  BOOST_TEST(d.paced);
  BOOST_TEST(d.bytesPerSecond == 55000u);
  BOOST_TEST(d.why == "media at the fallback rate");
}

BOOST_AUTO_TEST_CASE(data_files_get_a_fixed_rate_and_are_never_sniffed) {
  const ThrottlePolicy policy(settingsOf({data({".zip"}, 65536, 25000)}));
  bool sniffed = false;
  const auto d = policy.decide(request("/files/a.zip"), [&] {
    sniffed = true;
    return std::uint64_t{1};
  });
  BOOST_TEST(d.paced);
  BOOST_TEST(d.burstBytes == 65536u);
  BOOST_TEST(d.bytesPerSecond == 25000u);
  BOOST_TEST(!sniffed);
}

BOOST_AUTO_TEST_CASE(first_matching_rule_wins_and_exclude_stops) {
  ThrottleRule excluded;
  excluded.kind = ThrottleRule::Kind::Exclude;
  excluded.prefix = "/trailers/";
  const ThrottlePolicy policy(settingsOf({excluded, media({".mp4"})}));
  const auto bitrate = [] { return std::uint64_t{1000000}; };
  BOOST_TEST(policy.decide(request("/trailers/a.mp4"), bitrate).why == "excluded");
  BOOST_TEST(policy.decide(request("/films/a.mp4"), bitrate).paced);
  BOOST_TEST(policy.decide(request("/films/a.txt"), bitrate).why == "no rule matches");
}

BOOST_AUTO_TEST_CASE(mime_type_patterns_match_the_content_type) {
  ThrottleRule rule;
  rule.mimeTypes = {"video/*", "audio/mpeg"};
  const ThrottlePolicy policy(settingsOf({rule}));
  const auto bitrate = [] { return std::uint64_t{128000}; };
  BOOST_TEST(policy.decide(request("/x", "video/webm"), bitrate).paced);
  BOOST_TEST(policy.decide(request("/x", "audio/mpeg; charset=binary"), bitrate).paced);
  BOOST_TEST(!policy.decide(request("/x", "audio/ogg"), bitrate).paced);
  BOOST_TEST(!policy.decide(request("/x", "videos/x"), bitrate).paced);
}

BOOST_AUTO_TEST_CASE(exempt_clients_are_never_paced) {
  const ThrottlePolicy policy(settingsOf({media({".mp4"})}, {IpRange::parse("10.0.0.0/8")}));
  const auto bitrate = [] { return std::uint64_t{1000000}; };
  BOOST_TEST(policy.decide(request("/a.mp4", "", "10.1.1.1"), bitrate).why == "exempt client");
  BOOST_TEST(policy.decide(request("/a.mp4", "", "192.0.2.1"), bitrate).paced);
}

BOOST_AUTO_TEST_CASE(site_settings_come_before_the_top_level_ones) {
  auto global = settingsOf({media({".mp4"}, 20, 110)}, {IpRange::parse("10.0.0.0/8")});
  global.fallbackBitrate = 300000;
  global.siteCapBytesPerSecond = 1000000;
  auto site = settingsOf({media({".mp4"}, 5, 150)});
  site.siteCapBytesPerSecond = 50000;
  const auto merged = site.mergedOver(global);
  BOOST_TEST(merged.rules.size() == 2u);
  BOOST_TEST(merged.rules.front().ratePercent == 150);
  BOOST_TEST(merged.exempt.size() == 1u);
  BOOST_TEST(*merged.fallbackBitrate == 300000u);
  BOOST_TEST(*merged.siteCapBytesPerSecond == 50000u);
}

BOOST_AUTO_TEST_SUITE_END()
