#include "BaseUrl.h"

#include <algorithm>
#include <cctype>

namespace interlude::scripting {

std::string baseUrlOf(const Poco::Net::HTTPServerRequest& request) {
  const auto host = request.get("Host", "");
  const bool plain = !host.empty() && std::all_of(host.begin(), host.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '.' || c == '-' || c == ':' || c == '[' || c == ']';
  });
  return "http://" + (plain ? host : request.serverAddress().toString());
}

}  // namespace interlude::scripting
