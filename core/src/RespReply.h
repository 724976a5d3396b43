#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace interlude::core {

// One RESP2 reply, as RespReader read it.
struct RespReply {
  enum class Type {
    Status,   // simple string, e.g. "+OK": `text`
    Error,    // "-ERR ...": `text` is the message
    Integer,  // `integer`
    Bulk,     // `text`, any bytes
    Null,     // a null bulk string or null array
    Array,    // `elements`
  };

  Type type = Type::Null;
  std::string text;
  std::int64_t integer = 0;
  std::vector<RespReply> elements;
};

}  // namespace interlude::core
