#pragma once

#include <Poco/URI.h>

#include <chrono>
#include <cstddef>
#include <string>

namespace interlude::core {

struct HttpGetResult {
  int status = 0;
  std::string body;  // at most the limit asked for
};

// GET on an http:// URL with one timeout for connecting, sending and
// receiving, for the lookups Interlude makes itself (remote playlist entries,
// external VAST tags, tracking URLs). Reads at most `maxBody` bytes of the body,
// or fails when `failOverLimit` and the body is longer. Throws
// std::invalid_argument for another scheme, Poco::Exception for network
// errors, std::length_error over the limit.
HttpGetResult httpGet(const Poco::URI& uri, std::chrono::milliseconds timeout,
                      const std::string& userAgent, std::size_t maxBody,
                      bool failOverLimit = false);

}  // namespace interlude::core
