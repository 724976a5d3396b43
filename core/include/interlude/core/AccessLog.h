#pragma once

#include <Poco/AutoPtr.h>
#include <Poco/Channel.h>

#include <cstdint>
#include <string>

#include "interlude/core/Config.h"

namespace interlude::core {

// One finished request, as the access log records it.
struct AccessRecord {
  std::string clientIp;
  std::string serverIp;
  std::uint16_t serverPort = 0;
  std::string method;
  std::string target;  // as received
  std::string version;
  int status = 0;
  std::uint64_t bytes = 0;
  std::string referer;
  std::string userAgent;
  double seconds = 0;  // time taken
};

// Access log in the NCSA combined format (plus time taken in seconds) or the
// W3C extended format (time-taken in milliseconds, as IIS writes it).
class AccessLog {
 public:
  explicit AccessLog(const LoggingConfig& config);  // throws on an unusable path
  ~AccessLog();
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  bool enabled() const { return !channel_.isNull(); }
  void write(const AccessRecord& record) const;

  static std::string formatCombined(const AccessRecord& record, std::time_t now);
  static std::string formatW3C(const AccessRecord& record, std::time_t now);
  static std::string w3cHeader(std::time_t now);

 private:
  AccessLogFormat format_;
  mutable Poco::AutoPtr<Poco::Channel> channel_;  // AsyncChannel: thread-safe
};

}  // namespace interlude::core
