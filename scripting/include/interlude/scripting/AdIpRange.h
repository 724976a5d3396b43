#pragma once

#include <Poco/Net/IPAddress.h>

#include <string>

namespace interlude::scripting {

// An address or a CIDR range ("10.0.0.0/8", "2001:db8::/32"). An IPv4 range also
// matches IPv4-mapped IPv6 clients (::ffff:10.1.2.3).
class AdIpRange {
 public:
  static AdIpRange parse(const std::string& text);  // throws std::invalid_argument
  bool contains(const Poco::Net::IPAddress& address) const;

 private:
  Poco::Net::IPAddress network_;
  Poco::Net::IPAddress mask_;
};

}  // namespace interlude::scripting
