#include "RespCommand.h"

#include <charconv>

namespace interlude::core {
namespace {

// `marker` then `n` in decimal then CRLF.
void appendHeader(std::string& out, char marker, std::size_t n) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
  out += marker;
  out.append(digits, end);
  out += "\r\n";
}

}  // namespace

RespCommand::RespCommand(std::initializer_list<std::string_view> args) {
  for (const auto arg : args) *this << arg;
}

RespCommand& RespCommand::operator<<(std::string_view arg) {
  appendHeader(args_, '$', arg.size());
  args_ += arg;
  args_ += "\r\n";
  ++count_;
  return *this;
}

void RespCommand::appendTo(std::string& out) const {
  appendHeader(out, '*', count_);
  out += args_;
}

}  // namespace interlude::core
