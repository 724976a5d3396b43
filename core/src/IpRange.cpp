#include "interlude/core/IpRange.h"

#include <algorithm>
#include <charconv>
#include <stdexcept>

namespace interlude::core {
namespace {

bool prefixEquals(const void* a, const void* b, unsigned bits) {
  const auto* x = static_cast<const unsigned char*>(a);
  const auto* y = static_cast<const unsigned char*>(b);
  for (unsigned i = 0; bits > 0; ++i, bits = bits >= 8 ? bits - 8 : 0) {
    const unsigned mask = bits >= 8 ? 0xFFu : (0xFFu << (8 - bits)) & 0xFFu;
    if ((x[i] & mask) != (y[i] & mask)) return false;
  }
  return true;
}

}  // namespace

IpRange IpRange::parse(const std::string& text) {
  IpRange range;
  range.text_ = text;
  const auto slash = text.find('/');
  const auto address = text.substr(0, slash);
  // inet_aton would also take "10.0.0" and "10": only dotted quads and IPv6.
  const bool complete = address.find(':') != std::string::npos ||
                        std::count(address.begin(), address.end(), '.') == 3;
  if (!complete || !Poco::Net::IPAddress::tryParse(address, range.network_)) {
    throw std::invalid_argument("\"" + text + "\" is not an IP address or CIDR range");
  }
  const unsigned maxBits = range.network_.length() * 8;
  range.prefixBits_ = maxBits;
  if (slash != std::string::npos) {
    const auto digits = std::string_view(text).substr(slash + 1);
    const auto [end, error] =
        std::from_chars(digits.data(), digits.data() + digits.size(), range.prefixBits_);
    if (error != std::errc() || end != digits.data() + digits.size() ||
        range.prefixBits_ > maxBits) {
      throw std::invalid_argument("\"" + text + "\": the prefix length must be 0 to " +
                                  std::to_string(maxBits));
    }
  }
  return range;
}

bool IpRange::contains(const Poco::Net::IPAddress& address) const {
  Poco::Net::IPAddress candidate = address;
  // POCO calls every IPv4 address "IPv4-mapped": look at IPv6 ones only.
  if (network_.family() == Poco::Net::IPAddress::IPv4 &&
      address.family() == Poco::Net::IPAddress::IPv6 && address.isIPv4Mapped()) {
    candidate = Poco::Net::IPAddress(static_cast<const char*>(address.addr()) + 12, 4);
  }
  if (candidate.family() != network_.family()) return false;
  return prefixEquals(network_.addr(), candidate.addr(), prefixBits_);
}

}  // namespace interlude::core
