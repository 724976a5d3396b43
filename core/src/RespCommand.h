#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>

namespace interlude::core {

// A Redis command in RESP2 (an array of bulk strings), encoded as its
// arguments are added: appending it to a connection's send buffer is a copy,
// with no streams and no objects per argument. Arguments are bytes: empty or
// binary ones go as they are.
class RespCommand {
 public:
  RespCommand(std::initializer_list<std::string_view> args);

  RespCommand& operator<<(std::string_view arg);
  // `*N\r\n` then each argument as `$len\r\narg\r\n`.
  void appendTo(std::string& out) const;

 private:
  std::string args_;  // the encoded arguments, without the array header
  std::size_t count_ = 0;
};

}  // namespace interlude::core
