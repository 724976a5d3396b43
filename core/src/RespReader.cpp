#include "RespReader.h"

#include <Poco/Exception.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <string>

namespace interlude::core {
namespace {

constexpr std::size_t kReceiveSize = 16 * 1024;
// Bounds on what a broken or hostile peer can make us hold: Redis's own
// limits for a bulk string (proto-max-bulk-len) and a line, and a nesting
// deeper than any reply we ask for (SCAN nests one level).
constexpr std::int64_t kMaxBulk = 512 * 1024 * 1024;
constexpr std::size_t kMaxLine = 64 * 1024;
constexpr int kMaxDepth = 8;

[[noreturn]] void malformed(const std::string& why) {
  throw Poco::ProtocolException("malformed Redis reply: " + why);
}

}  // namespace

RespReader::RespReader(Poco::Net::StreamSocket& socket) : socket_(socket), buffer_(kReceiveSize) {}

RespReply RespReader::read() { return readValue(0); }

RespReply RespReader::readValue(int depth) {
  if (depth > kMaxDepth) malformed("arrays nested too deep");
  await(1);
  const char marker = buffer_[begin_++];
  RespReply reply;
  switch (marker) {
    case '+':
      reply.type = RespReply::Type::Status;
      reply.text = line();
      break;
    case '-':
      reply.type = RespReply::Type::Error;
      reply.text = line();
      break;
    case ':':
      reply.type = RespReply::Type::Integer;
      reply.integer = lineInteger();
      break;
    case '$': {
      const auto length = lineInteger();
      if (length == -1) break;  // null
      if (length < 0 || length > kMaxBulk) malformed("bulk length " + std::to_string(length));
      const auto size = static_cast<std::size_t>(length);
      await(size + 2);
      const char* data = buffer_.data() + begin_;
      if (data[size] != '\r' || data[size + 1] != '\n') malformed("bulk string without CRLF");
      reply.type = RespReply::Type::Bulk;
      reply.text.assign(data, size);
      begin_ += size + 2;
      break;
    }
    case '*': {
      const auto count = lineInteger();
      if (count == -1) break;  // null
      if (count < 0) malformed("array length " + std::to_string(count));
      reply.type = RespReply::Type::Array;
      // Each element takes at least 3 bytes that must arrive: no reserve for
      // a count the peer may not back with data.
      for (std::int64_t i = 0; i < count; ++i) reply.elements.push_back(readValue(depth + 1));
      break;
    }
    default:
      malformed("unknown type byte " + std::to_string(static_cast<unsigned char>(marker)));
  }
  return reply;
}

std::string_view RespReader::line() {
  std::size_t scanned = 0;  // bytes past begin_ known to hold no CR
  for (;;) {
    const char* start = buffer_.data() + begin_;
    const auto* cr =
        static_cast<const char*>(std::memchr(start + scanned, '\r', end_ - begin_ - scanned));
    if (cr && cr + 1 < buffer_.data() + end_) {
      if (cr[1] != '\n') malformed("CR without LF");
      const std::string_view text(start, cr - start);
      if (text.find('\n') != std::string_view::npos) malformed("LF without CR");
      begin_ += text.size() + 2;
      return text;
    }
    scanned = cr ? cr - start : end_ - begin_;
    if (scanned > kMaxLine) malformed("line longer than " + std::to_string(kMaxLine) + " bytes");
    await(scanned + 2);
  }
}

std::int64_t RespReader::lineInteger() {
  const auto text = line();
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    malformed("not an integer: " + std::string(text.substr(0, 32)));
  }
  return value;
}

void RespReader::await(std::size_t n) {
  while (end_ - begin_ < n) receive();
}

void RespReader::receive() {
  if (begin_ == end_) begin_ = end_ = 0;
  if (buffer_.size() - end_ < kReceiveSize) {
    // Room for a full receive: the unread part moves to the front, and the
    // buffer grows for a long reply.
    if (begin_ > 0) {
      std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
      end_ -= begin_;
      begin_ = 0;
    }
    if (buffer_.size() - end_ < kReceiveSize) buffer_.resize(end_ + kReceiveSize);
  }
  const int received = socket_.receiveBytes(buffer_.data() + end_, int(buffer_.size() - end_));
  if (received <= 0) throw Poco::IOException("Redis closed the connection");
  end_ += static_cast<std::size_t>(received);
}

}  // namespace interlude::core
