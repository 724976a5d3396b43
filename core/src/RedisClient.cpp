#include "RedisClient.h"

#include <Poco/Exception.h>
#include <Poco/Net/SocketAddress.h>

namespace interlude::core {

RedisClient::RedisClient(const std::string& address, Poco::Timespan connectTimeout,
                         Poco::Timespan timeout) {
  socket_.connect(Poco::Net::SocketAddress(address), connectTimeout);
  socket_.setReceiveTimeout(timeout);
  socket_.setSendTimeout(timeout);
  // Each write is a whole command or batch: nothing to gain by waiting for
  // the ACK of the one before.
  socket_.setNoDelay(true);
}

void RedisClient::flush() {
  const int sent = socket_.sendBytes(output_.data(), static_cast<int>(output_.size()));
  if (sent != static_cast<int>(output_.size())) {
    throw Poco::IOException("Redis connection: short write");
  }
  output_.clear();
}

RespReply RedisClient::execute(const RespCommand& command) {
  queue(command);
  flush();
  return readReply();
}

RespReply RedisClient::executeOrFail(const RespCommand& command) {
  auto reply = execute(command);
  if (reply.type == RespReply::Type::Error) throw Poco::RuntimeException("Redis: " + reply.text);
  return reply;
}

}  // namespace interlude::core
