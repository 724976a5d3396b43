#pragma once

#include <Poco/Net/IPAddress.h>

#include <string>

namespace interlude::core {

// An address or a CIDR range ("10.0.0.0/8", "::1", "fd00::/8"). An IPv4 range
// also matches IPv4-mapped IPv6 clients (::ffff:10.1.2.3).
class IpRange {
 public:
  static IpRange parse(const std::string& text);  // throws std::invalid_argument
  bool contains(const Poco::Net::IPAddress& address) const;
  const std::string& text() const { return text_; }

 private:
  Poco::Net::IPAddress network_;
  unsigned prefixBits_ = 0;
  std::string text_;
};

}  // namespace interlude::core
