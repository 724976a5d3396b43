#pragma once

#include <Poco/Net/HTTPServerRequest.h>

#include <string>

namespace interlude::core {

// http://host[:port] as the client addressed the server: its Host header when
// that is a plain host name or address, else the address it connected to.
// Links Interlude writes (entry URLs, beacons, media files) start with it.
std::string baseUrlOf(const Poco::Net::HTTPServerRequest& request);

}  // namespace interlude::core
