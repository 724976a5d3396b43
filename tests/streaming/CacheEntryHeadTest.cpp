#include <boost/test/unit_test.hpp>

#include "cache/EntryHead.h"

using namespace interlude::streaming::cache;

BOOST_AUTO_TEST_SUITE(cache_entry_head)

BOOST_AUTO_TEST_CASE(a_head_reads_back_as_written) {
  const EntryHead head{"point\n/a b?x=1",
                       200,
                       1000,
                       3,
                       1057,
                       {{"Content-Type", "video/mp2t"}, {"ETag", "\"x: y\""}}};
  const auto text = encodeEntryHead(head) + "BODY";
  std::size_t bodyOffset = 0;
  const auto read = decodeEntryHead(text, bodyOffset);
  BOOST_REQUIRE(read);
  BOOST_TEST(read->key == head.key);
  BOOST_TEST(read->status == 200);
  BOOST_TEST(read->storedAt == 1000);
  BOOST_TEST(read->initialAge == 3);
  BOOST_TEST(read->expiresAt == 1057);
  BOOST_TEST((read->headers == head.headers));
  BOOST_TEST(text.substr(bodyOffset) == "BODY");
}

BOOST_AUTO_TEST_CASE(truncated_or_foreign_heads_are_refused) {
  const auto text = encodeEntryHead({"k", 200, 1, 0, 2, {{"A", "b"}}});
  std::size_t bodyOffset = 0;
  for (std::size_t cut = 0; cut < text.size(); ++cut) {
    BOOST_TEST(!decodeEntryHead(text.substr(0, cut), bodyOffset), cut);
  }
  BOOST_TEST(!decodeEntryHead("interlude-cache 2\n" + text.substr(18), bodyOffset));
  BOOST_TEST(!decodeEntryHead("interlude-cache 1\nkey 99\nk\nbody\n", bodyOffset));
}

BOOST_AUTO_TEST_SUITE_END()
