#pragma once

#include <Poco/Net/IPAddress.h>

#include <optional>
#include <string>
#include <unordered_map>

namespace interlude::scripting {

// What targeting looks at in the request an ad is picked for.
struct AdContext {
  std::unordered_map<std::string, std::string> query;
  std::unordered_map<std::string, std::string> headers;  // names in lower case
  std::string userAgent;
  std::optional<Poco::Net::IPAddress> client;
};

}  // namespace interlude::scripting
