#pragma once

#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>

#include "cache/HeaderList.h"

namespace interlude::streaming::cache {

// What precedes the body in an entry file: the key (to tell hash collisions and
// foreign files apart), the response status and headers, and its freshness.
struct EntryHead {
  std::string key;
  int status = 200;
  std::time_t storedAt = 0;
  std::int64_t initialAge = 0;
  std::time_t expiresAt = 0;  // fresh while now < expiresAt
  HeaderList headers;
};

// Text form: "interlude-cache 1\n", "key <length>\n<key>\n", "status N\n",
// "stored T\n", "age A\n", "expires T\n", "header <name>: <value>\n"..., "body\n".
std::string encodeEntryHead(const EntryHead& head);

// Parses the start of an entry file; the body begins at `bodyOffset`. Nothing
// when the text is not a complete head of this version.
std::optional<EntryHead> decodeEntryHead(std::string_view text, std::size_t& bodyOffset);

}  // namespace interlude::streaming::cache
