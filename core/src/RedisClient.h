#pragma once

#include <Poco/Net/StreamSocket.h>
#include <Poco/Timespan.h>

#include <string>

#include "RespCommand.h"
#include "RespReader.h"
#include "RespReply.h"

namespace interlude::core {

// One connection to a Redis server, speaking RESP2 with RespCommand and
// RespReader. It does for the session store what Poco::Redis::Client did, at
// less cost a command: POCO built each command as objects serialized through
// an ostringstream and parsed replies through istream::get and dynamic_cast,
// ~6% of a node's CPU under load. Commands queue in a buffer and go out in
// one write (a pipelined batch); replies come back in order. A failure is a
// Poco::Exception, after which the connection is unusable.
class RedisClient {
 public:
  // Connects to "host:port" within `connectTimeout`; a reply or a write
  // that takes longer than `timeout` fails.
  RedisClient(const std::string& address, Poco::Timespan connectTimeout, Poco::Timespan timeout);

  void queue(const RespCommand& command) { command.appendTo(output_); }
  // Sends what is queued.
  void flush();
  // The next reply, in the order of the commands.
  RespReply readReply() { return reader_.read(); }

  // Sends `command` alone; its reply.
  RespReply execute(const RespCommand& command);
  // As execute, for a command that must succeed: an error reply is thrown
  // as a Poco::Exception (e.g. a wrong password).
  RespReply executeOrFail(const RespCommand& command);

 private:
  Poco::Net::StreamSocket socket_;
  RespReader reader_{socket_};
  std::string output_;
};

}  // namespace interlude::core
