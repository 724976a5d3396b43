#include "interlude/scripting/UrlText.h"

#include <cctype>
#include <cstring>

namespace interlude::scripting {
namespace {

bool allowed(unsigned char c) {
  return std::isalnum(c) || std::strchr("-._~:/?#[]@!$&'()*+,;=", c) != nullptr;
}

bool escapeAt(std::string_view url, std::size_t i) {
  return i + 2 < url.size() && std::isxdigit(static_cast<unsigned char>(url[i + 1])) &&
         std::isxdigit(static_cast<unsigned char>(url[i + 2]));
}

}  // namespace

std::string percentEncodeUrl(std::string_view url) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(url.size());
  for (std::size_t i = 0; i < url.size(); ++i) {
    const auto c = static_cast<unsigned char>(url[i]);
    if (c != 0 && (allowed(c) || (c == '%' && escapeAt(url, i)))) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace interlude::scripting
