#pragma once

#include <Poco/URI.h>

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

namespace interlude::core {

struct HttpGetResult {
  int status = 0;
  std::string body;  // at most the limit asked for
};

// Whom an https GET trusts: the system's CA store and, when `extraCaFile` is not
// empty, the PEM certificates in that file. The peer's chain and host name are
// verified; a peer that fails is refused. Loading the store costs a few
// milliseconds: make one per configuration and share it (thread-safe).
// Throws Poco::Exception when the extra file cannot be loaded.
class HttpsTrust {
 public:
  explicit HttpsTrust(const std::string& extraCaFile = {});
  ~HttpsTrust();
  HttpsTrust(const HttpsTrust&) = delete;
  HttpsTrust& operator=(const HttpsTrust&) = delete;

  // The system's CA store alone, loaded at the first call.
  static const HttpsTrust& system();

  struct Context;
  const Context& context() const { return *context_; }

 private:
  std::unique_ptr<const Context> context_;
};

// GET on an http:// or https:// URL with one timeout for connecting, sending
// and receiving, for the lookups Interlude makes itself (remote playlist
// entries, external VAST tags, tracking URLs); https peers are checked against
// `trust` (null: the system's CA store). Reads at most `maxBody` bytes of the
// body, or fails when `failOverLimit` and the body is longer. Throws
// std::invalid_argument for another scheme, Poco::Exception for network and
// certificate errors, std::length_error over the limit.
HttpGetResult httpGet(const Poco::URI& uri, std::chrono::milliseconds timeout,
                      const std::string& userAgent, std::size_t maxBody, bool failOverLimit = false,
                      const HttpsTrust* trust = nullptr);

}  // namespace interlude::core
