#pragma once

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <cstdint>
#include <functional>
#include <string_view>

namespace interlude::core {

// Sends the response headers and a small body in one write. Returns the body
// bytes sent (0 if the client went away).
std::uint64_t sendWithBody(Poco::Net::HTTPServerRequest& request,
                           Poco::Net::HTTPServerResponse& response, std::string_view body);

// Sends the response headers, then `length` bytes of the open file `fd` from
// `offset` with sendfile(2), behind TCP_CORK so headers and the first bytes leave
// together. Returns the body bytes sent; a client that goes away ends it early
// (and the connection is not kept alive). `progress`, when set, hears of each run
// of bytes the kernel took (then runs are smaller, so it hears often).
std::uint64_t sendFileRange(
    Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response, int fd,
    std::uint64_t offset, std::uint64_t length,
    const std::function<void(std::uint64_t offset, std::uint64_t count)>& progress = {});

}  // namespace interlude::core
