#pragma once

#include <Poco/Net/StreamSocket.h>

#include <cstddef>
#include <string_view>
#include <vector>

#include "RespReply.h"

namespace interlude::core {

// Reads RESP2 replies from a socket, into a buffer of its own: one receive
// brings as many replies as have arrived (a pipelined batch), and a reply may
// come in several. Strict: anything that is not RESP2 is a
// Poco::ProtocolException, a closed connection a Poco::IOException, a receive
// timeout the socket's Poco::TimeoutException; after any of them the
// connection is unusable.
class RespReader {
 public:
  explicit RespReader(Poco::Net::StreamSocket& socket);

  // The next reply (an error reply is a reply, not an exception).
  RespReply read();

 private:
  RespReply readValue(int depth);
  // The next line without its CRLF, consumed.
  std::string_view line();
  std::int64_t lineInteger();
  // Receives until `n` bytes past the read position have arrived.
  void await(std::size_t n);
  void receive();

  Poco::Net::StreamSocket& socket_;
  std::vector<char> buffer_;
  std::size_t begin_ = 0;  // the first byte not read yet
  std::size_t end_ = 0;    // past the last byte received
};

}  // namespace interlude::core
