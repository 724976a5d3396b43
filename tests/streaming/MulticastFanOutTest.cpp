#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "interlude/core/Metrics.h"
#include "multicast/FanOut.h"

using interlude::core::MetricsRegistry;
using interlude::streaming::multicast::FanOut;
using interlude::streaming::multicast::FanOutCounters;
using interlude::streaming::multicast::StreamChunk;

namespace {

constexpr std::size_t kChunk = 32 << 10;
constexpr std::size_t kBacklog = 256 << 10;

// Waits for the fan-out thread to get somewhere; fails after 10 s rather than hang.
void waitFor(const std::function<bool()>& done) {
  for (int i = 0; i < 10000 && !done(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  BOOST_REQUIRE(done());
}

std::string chunkText(int number) {
  return std::string(kChunk, static_cast<char>('a' + number % 26));
}

// Reads exactly `size` bytes, or what came before the peer closed.
std::string readBytes(Poco::Net::StreamSocket& socket, std::size_t size) {
  std::string data(size, '\0');
  std::size_t got = 0;
  while (got < size) {
    const int n = socket.receiveBytes(data.data() + got, static_cast<int>(size - got));
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  data.resize(got);
  return data;
}

// A loopback connection: the server side goes to the fan-out, the test reads the client side.
struct Connection {
  Poco::Net::StreamSocket client;
  Poco::Net::StreamSocket server;
};

Connection connect(Poco::Net::ServerSocket& listener, int clientReceiveBuffer) {
  Connection connection{Poco::Net::StreamSocket(Poco::Net::SocketAddress::IPv4), {}};
  connection.client.setReceiveBufferSize(clientReceiveBuffer);  // before the window is agreed
  connection.client.connect(listener.address());
  connection.client.setReceiveTimeout(Poco::Timespan(10, 0));
  connection.server = listener.acceptConnection();
  connection.server.setSendBufferSize(16 << 10);
  return connection;
}

// A fan-out, its counters and a listener to connect its clients through.
struct Relayed {
  MetricsRegistry metrics;
  FanOutCounters counters{metrics.counter("served", ""), metrics.counter("dropped", ""),
                          metrics.counter("bytes_out", ""), metrics.gauge("clients", ""),
                          metrics.counter("overrun", "")};
  FanOut fanOut{"test", kBacklog, counters};
  Poco::Net::ServerSocket listener{Poco::Net::SocketAddress("127.0.0.1", 0)};

  // A client, handed to the fan-out once connected.
  Connection join(int clientReceiveBuffer) {
    auto connection = connect(listener, clientReceiveBuffer);
    const auto before = fanOut.clients();
    fanOut.add(connection.server);
    waitFor([&] { return fanOut.clients() == before + 1; });
    return connection;
  }

  void publish(int number, std::optional<std::size_t> keyFrameAt = std::nullopt) {
    fanOut.publish(std::make_shared<const StreamChunk>(StreamChunk{chunkText(number), keyFrameAt}));
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(multicast_fan_out, Relayed)

BOOST_AUTO_TEST_CASE(a_client_that_stops_reading_is_dropped_and_the_others_go_on) {
  auto reader = join(256 << 10);
  auto staller = join(4 << 10);

  // In step with the reader: it is never behind, the staller never reads.
  int published = 0;
  for (; published < 200 && counters.dropped.value() == 0; ++published) {
    publish(published);
    BOOST_REQUIRE_MESSAGE(readBytes(reader.client, kChunk) == chunkText(published),
                          "the reader missed chunk " << published);
  }
  BOOST_TEST(counters.dropped.value() == 1u);
  waitFor([&] { return fanOut.clients() == 1; });
  BOOST_TEST(counters.clients.value() == 1);

  // The reader still gets every chunk after the drop.
  publish(published);
  BOOST_TEST((readBytes(reader.client, kChunk) == chunkText(published)));

  // The staller gets what the kernel held (the stream from its start), then the
  // end: the backlog's bytes never reach it.
  const auto stalled = readBytes(staller.client, published * kChunk);
  BOOST_TEST(!stalled.empty());
  BOOST_TEST(stalled.size() + kBacklog <= published * kChunk);
  const auto firstBytes = std::min(stalled.size(), kChunk);
  BOOST_TEST((stalled.substr(0, firstBytes) == chunkText(0).substr(0, firstBytes)));
  BOOST_TEST(counters.served.value() == 2u);
}

BOOST_AUTO_TEST_CASE(a_client_that_leaves_is_forgotten) {
  auto leaver = join(64 << 10);
  leaver.client.close();
  waitFor([&] { return fanOut.clients() == 0; });
  BOOST_TEST(counters.dropped.value() == 0u);
  BOOST_TEST(counters.clients.value() == 0);
}

BOOST_AUTO_TEST_CASE(clients_start_with_the_next_chunk) {
  auto first = join(256 << 10);
  publish(0);
  BOOST_REQUIRE((readBytes(first.client, kChunk) == chunkText(0)));
  auto second = join(256 << 10);
  publish(1);
  BOOST_TEST((readBytes(first.client, kChunk) == chunkText(1)));
  BOOST_TEST((readBytes(second.client, kChunk) == chunkText(1)));
}

BOOST_AUTO_TEST_CASE(clients_of_a_stream_with_key_frames_start_at_the_next_one) {
  auto first = join(256 << 10);
  publish(0, 100);  // the stream shows key frames; the first client was there before
  BOOST_REQUIRE((readBytes(first.client, kChunk) == chunkText(0)));
  auto second = join(256 << 10);
  publish(1);  // no key frame: the second client waits
  BOOST_REQUIRE((readBytes(first.client, kChunk) == chunkText(1)));
  publish(2, 1000);
  BOOST_TEST((readBytes(first.client, kChunk) == chunkText(2)));
  BOOST_TEST((readBytes(second.client, kChunk - 1000) == chunkText(2).substr(1000)));
}

BOOST_AUTO_TEST_SUITE_END()
