#include "interlude/scripting/AdIpRange.h"

#include <algorithm>
#include <charconv>
#include <stdexcept>

namespace interlude::scripting {

AdIpRange AdIpRange::parse(const std::string& text) {
  AdIpRange range;
  const auto slash = text.find('/');
  const auto address = text.substr(0, slash);
  // inet_aton would also take "10.0.0" and "10": only dotted quads and IPv6.
  const bool complete = address.find(':') != std::string::npos ||
                        std::count(address.begin(), address.end(), '.') == 3;
  if (!complete || !Poco::Net::IPAddress::tryParse(address, range.network_)) {
    throw std::invalid_argument("\"" + text + "\" is not an IP address or CIDR range");
  }
  const unsigned maxBits = range.network_.length() * 8;
  unsigned bits = maxBits;
  if (slash != std::string::npos) {
    const auto digits = std::string_view(text).substr(slash + 1);
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), bits);
    if (error != std::errc() || end != digits.data() + digits.size() || bits > maxBits) {
      throw std::invalid_argument("\"" + text + "\": the prefix length must be 0 to " +
                                  std::to_string(maxBits));
    }
  }
  range.mask_ = Poco::Net::IPAddress(bits, range.network_.family());
  range.network_ = range.network_ & range.mask_;
  return range;
}

bool AdIpRange::contains(const Poco::Net::IPAddress& address) const {
  if (address.family() == network_.family()) return (address & mask_) == network_;
  // POCO calls every IPv4 address "IPv4-mapped": look at IPv6 ones only.
  if (network_.family() == Poco::Net::IPAddress::IPv4 && address.isIPv4Mapped()) {
    const Poco::Net::IPAddress v4(static_cast<const char*>(address.addr()) + 12, 4);
    return (v4 & mask_) == network_;
  }
  return false;
}

}  // namespace interlude::scripting
