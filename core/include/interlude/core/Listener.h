#pragma once

#include <Poco/Net/ServerSocket.h>

#include <stdexcept>

#include "interlude/core/Config.h"

namespace interlude::core {

// A listener that could not be bound, with a message that names the address,
// the cause and what to do about it.
class BindError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Binds and listens on exactly the configured address (so 127.0.0.1:P works while
// another process holds 127.0.0.2:P). Throws BindError.
Poco::Net::ServerSocket bindListener(const ListenConfig& listen, int backlog);

// The address a bound socket really listens on (port 0 resolved), as a URL.
std::string listenerUrl(const Poco::Net::ServerSocket& socket);

}  // namespace interlude::core
