#pragma once

#include <Poco/Net/HTTPServerRequest.h>

#include <string>

namespace interlude::scripting {

// scheme://host[:port] the client used: its Host header when it is a plain host
// name or address, else the address that took the request.
std::string baseUrlOf(const Poco::Net::HTTPServerRequest& request);

}  // namespace interlude::scripting
