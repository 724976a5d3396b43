#include <boost/test/unit_test.hpp>
#include <memory>
#include <string>

#include "multicast/ChunkBacklog.h"

using interlude::streaming::multicast::Chunk;
using interlude::streaming::multicast::ChunkBacklog;
using interlude::streaming::multicast::StreamChunk;

namespace {

Chunk chunk(const std::string& text) {
  return std::make_shared<const StreamChunk>(StreamChunk{text, std::nullopt});
}

// The pending bytes as one string, through the iovecs a write would get.
std::string pendingText(const ChunkBacklog& backlog, int max = 16) {
  iovec vectors[16];
  const int count = backlog.pending(vectors, max);
  std::string text;
  for (int i = 0; i < count; ++i)
    text.append(static_cast<const char*>(vectors[i].iov_base), vectors[i].iov_len);
  return text;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(multicast_backlog)

BOOST_AUTO_TEST_CASE(chunks_are_pending_in_order) {
  ChunkBacklog backlog(100);
  BOOST_TEST(backlog.push(chunk("abc")));
  BOOST_TEST(backlog.push(chunk("defg")));
  BOOST_TEST(backlog.bytes() == 7u);
  BOOST_TEST(pendingText(backlog) == "abcdefg");
}

BOOST_AUTO_TEST_CASE(partial_writes_resume_mid_chunk) {
  ChunkBacklog backlog(100);
  backlog.push(chunk("abc"));
  backlog.push(chunk("defg"));
  backlog.consume(2);
  BOOST_TEST(pendingText(backlog) == "cdefg");
  backlog.consume(1);  // exactly the rest of the first chunk
  BOOST_TEST(pendingText(backlog) == "defg");
  backlog.consume(3);
  BOOST_TEST(pendingText(backlog) == "g");
  BOOST_TEST(backlog.bytes() == 1u);
  backlog.consume(1);
  BOOST_TEST(backlog.empty());
  BOOST_TEST(pendingText(backlog).empty());
}

BOOST_AUTO_TEST_CASE(a_chunk_past_the_limit_is_refused_and_nothing_queued) {
  ChunkBacklog backlog(8);
  BOOST_TEST(backlog.push(chunk("12345")));
  BOOST_TEST(backlog.push(chunk("678")));  // exactly at the limit
  BOOST_TEST(!backlog.push(chunk("9")));
  BOOST_TEST(backlog.bytes() == 8u);
  BOOST_TEST(pendingText(backlog) == "12345678");
}

BOOST_AUTO_TEST_CASE(written_bytes_make_room_again) {
  ChunkBacklog backlog(8);
  backlog.push(chunk("12345678"));
  backlog.consume(4);
  BOOST_TEST(backlog.push(chunk("abcd")));
  BOOST_TEST(pendingText(backlog) == "5678abcd");
}

BOOST_AUTO_TEST_CASE(pending_stops_at_the_vectors_given) {
  ChunkBacklog backlog(100);
  backlog.push(chunk("ab"));
  backlog.push(chunk("cd"));
  backlog.push(chunk("ef"));
  BOOST_TEST(pendingText(backlog, 2) == "abcd");
}

BOOST_AUTO_TEST_CASE(chunks_are_shared_not_copied) {
  ChunkBacklog first(100);
  ChunkBacklog second(100);
  const auto shared = chunk("stream");
  first.push(shared);
  second.push(shared);
  iovec a[1];
  iovec b[1];
  first.pending(a, 1);
  second.pending(b, 1);
  BOOST_TEST(a[0].iov_base == b[0].iov_base);
  BOOST_TEST(shared.use_count() == 3);
}

BOOST_AUTO_TEST_CASE(take_all_hands_over_the_chunks_and_empties) {
  ChunkBacklog backlog(8);
  backlog.push(chunk("1234"));
  backlog.push(chunk("5678"));
  BOOST_TEST(!backlog.push(chunk("9")));
  const auto taken = backlog.takeAll();
  BOOST_TEST(taken.size() == 2u);
  BOOST_TEST(taken.front()->bytes == "1234");
  BOOST_TEST(taken.back()->bytes == "5678");
  BOOST_TEST(backlog.empty());
  BOOST_TEST(backlog.push(chunk("abcdefgh")));  // the whole limit is free again
}

BOOST_AUTO_TEST_SUITE_END()
