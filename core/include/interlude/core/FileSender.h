#pragma once

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <cstdint>

namespace interlude::core {

// Sends the response headers and then `length` bytes of the open file `fd` from
// `offset` with sendfile(2), corking the socket so headers and the first bytes
// leave together. Returns the body bytes sent; a client that goes away ends it early.
std::uint64_t sendFileBody(Poco::Net::HTTPServerRequest& request,
                           Poco::Net::HTTPServerResponse& response, int fd, std::uint64_t offset,
                           std::uint64_t length, int sendTimeoutSeconds);

}  // namespace interlude::core
