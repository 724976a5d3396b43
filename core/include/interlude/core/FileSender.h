#pragma once

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <cstdint>

namespace interlude::core {

// Sends the response headers and `length` bytes of the open file `fd` from
// `offset`: small bodies in one write with the headers, larger ones with
// sendfile(2) behind TCP_CORK so headers and the first bytes leave together.
// Returns the body bytes sent; a client that goes away ends it early.
std::uint64_t sendFileBody(Poco::Net::HTTPServerRequest& request,
                           Poco::Net::HTTPServerResponse& response, int fd, std::uint64_t offset,
                           std::uint64_t length, int sendTimeoutSeconds);

}  // namespace interlude::core
