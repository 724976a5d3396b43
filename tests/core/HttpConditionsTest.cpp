#include <boost/test/unit_test.hpp>

#include "interlude/core/HttpConditions.h"

using namespace interlude::core;

namespace {
const Validators kFile{"\"abc-10-1\"", 1700000000};
RequestConditions withRange(std::string range, std::string ifRange = {}) {
  RequestConditions c;
  c.range = std::move(range);
  c.ifRange = std::move(ifRange);
  return c;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(http_conditions)

BOOST_AUTO_TEST_CASE(if_none_match_uses_weak_comparison_and_lists) {
  RequestConditions c;
  c.ifNoneMatch = "\"zzz\", W/\"abc-10-1\"";
  BOOST_TEST((evaluatePreconditions(c, kFile) == Precondition::NotModified));
  c.ifNoneMatch = "*";
  BOOST_TEST((evaluatePreconditions(c, kFile) == Precondition::NotModified));
  c.ifNoneMatch = "\"other\"";
  c.ifModifiedSince = httpDate(kFile.lastModified + 10);  // ignored when If-None-Match is present
  BOOST_TEST((evaluatePreconditions(c, kFile) == Precondition::Proceed));
}

BOOST_AUTO_TEST_CASE(if_modified_since) {
  RequestConditions c;
  c.ifModifiedSince = httpDate(kFile.lastModified);
  BOOST_TEST((evaluatePreconditions(c, kFile) == Precondition::NotModified));
  c.ifModifiedSince = httpDate(kFile.lastModified - 1);
  BOOST_TEST((evaluatePreconditions(c, kFile) == Precondition::Proceed));
  c.ifModifiedSince = "not a date";
  BOOST_TEST((evaluatePreconditions(c, kFile) == Precondition::Proceed));
}

BOOST_AUTO_TEST_CASE(if_match_is_strong) {
  RequestConditions c;
  c.ifMatch = "W/\"abc-10-1\"";
  BOOST_TEST((evaluatePreconditions(c, kFile) == Precondition::Failed));
  c.ifMatch = "\"abc-10-1\"";
  BOOST_TEST((evaluatePreconditions(c, kFile) == Precondition::Proceed));
}

BOOST_AUTO_TEST_CASE(single_ranges) {
  auto d = decideRange(withRange("bytes=0-9"), kFile, 100);
  BOOST_TEST((d.outcome == RangeOutcome::Partial));
  BOOST_TEST(d.range.first == 0u);
  BOOST_TEST(d.range.last == 9u);
  d = decideRange(withRange("bytes=90-"), kFile, 100);
  BOOST_TEST(d.range.first == 90u);
  BOOST_TEST(d.range.last == 99u);
  d = decideRange(withRange("bytes=-5"), kFile, 100);
  BOOST_TEST(d.range.first == 95u);
  BOOST_TEST(d.range.length() == 5u);
  d = decideRange(withRange("bytes=-500"), kFile, 100);  // longer than the file: all of it
  BOOST_TEST(d.range.first == 0u);
  d = decideRange(withRange("bytes=50-1000"), kFile, 100);  // end clamped
  BOOST_TEST(d.range.last == 99u);
}

BOOST_AUTO_TEST_CASE(unsatisfiable_and_ignored_ranges) {
  BOOST_TEST(
      (decideRange(withRange("bytes=100-"), kFile, 100).outcome == RangeOutcome::Unsatisfiable));
  BOOST_TEST(
      (decideRange(withRange("bytes=-0"), kFile, 100).outcome == RangeOutcome::Unsatisfiable));
  BOOST_TEST((decideRange(withRange("bytes=0-1,5-6"), kFile, 100).outcome == RangeOutcome::Full));
  BOOST_TEST((decideRange(withRange("bytes=9-1"), kFile, 100).outcome == RangeOutcome::Full));
  BOOST_TEST((decideRange(withRange("items=0-1"), kFile, 100).outcome == RangeOutcome::Full));
  BOOST_TEST((decideRange(withRange("bytes=x-1"), kFile, 100).outcome == RangeOutcome::Full));
}

BOOST_AUTO_TEST_CASE(if_range_needs_the_current_validator) {
  BOOST_TEST((decideRange(withRange("bytes=0-1", kFile.etag), kFile, 100).outcome ==
              RangeOutcome::Partial));
  BOOST_TEST(
      (decideRange(withRange("bytes=0-1", "\"old\""), kFile, 100).outcome == RangeOutcome::Full));
  BOOST_TEST(
      (decideRange(withRange("bytes=0-1", httpDate(kFile.lastModified)), kFile, 100).outcome ==
       RangeOutcome::Partial));
  BOOST_TEST(
      (decideRange(withRange("bytes=0-1", httpDate(kFile.lastModified - 5)), kFile, 100).outcome ==
       RangeOutcome::Full));
}

BOOST_AUTO_TEST_CASE(http_dates_round_trip) {
  BOOST_TEST(httpDate(784111777) == "Sun, 06 Nov 1994 08:49:37 GMT");
  BOOST_TEST(*parseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT") == 784111777);
  BOOST_TEST(*parseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT") == 784111777);
  BOOST_TEST(*parseHttpDate("Sun Nov  6 08:49:37 1994") == 784111777);
  BOOST_TEST(!parseHttpDate("yesterday"));
}

BOOST_AUTO_TEST_SUITE_END()
