#include "interlude/core/BaseUrl.h"

#include <algorithm>
#include <cctype>

namespace interlude::core {
namespace {

bool plainHost(const std::string& host) {
  return !host.empty() && host.size() < 256 && std::all_of(host.begin(), host.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' ||
           c == '[' || c == ']';
  });
}

}  // namespace

std::string baseUrlOf(const Poco::Net::HTTPServerRequest& request) {
  const std::string host = request.get("Host", "");
  if (plainHost(host)) return "http://" + host;
  return "http://" + request.serverAddress().toString();
}

}  // namespace interlude::core
