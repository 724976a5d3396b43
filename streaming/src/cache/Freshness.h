#pragma once

#include <cstdint>
#include <ctime>
#include <string>

#include "cache/HeaderList.h"

namespace interlude::streaming::cache {

// Whether a shared cache may store a response, and for how long (RFC 9111).
struct Freshness {
  bool storable = false;
  std::int64_t lifetimeSeconds = 0;    // s-maxage, else max-age, else Expires - Date
  std::int64_t initialAgeSeconds = 0;  // Age, or how old Date says it is, whichever is more
  std::string reason;                  // why not storable, for logs and tests
};

// Only explicit freshness is stored (no heuristics: an upstream marks what it
// wants cached): status 200, 203, 204, 301, 404 or 410; no no-store, private,
// no-cache, Set-Cookie or Vary; a lifetime above the age it already has.
// `now` is when the response arrived.
Freshness freshnessOf(int status, const HeaderList& headers, std::time_t now);

}  // namespace interlude::streaming::cache
