#pragma once

#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>

#include <string>
#include <string_view>

#include "cache/HeaderList.h"

namespace interlude::streaming::proxy {

// True for the hop-by-hop fields of RFC 9110 §7.6.1 and the fields the
// message's own Connection header names: they describe one connection and
// are never forwarded.
bool isHopByHop(std::string_view name, std::string_view connectionHeader);

// The client's end-to-end request fields for the upstream: hop-by-hop ones,
// Host (the upstream's own is sent), Content-Length and Expect left out;
// X-Forwarded-For gets `clientAddress` appended, X-Forwarded-Proto and
// X-Forwarded-Host say what the client asked for.
void copyRequestHeaders(const Poco::Net::HTTPRequest& from, Poco::Net::HTTPRequest& to,
                        const std::string& clientAddress, bool secure);

// The upstream's end-to-end response fields for the client: hop-by-hop ones,
// Content-Length (the proxy sets the length it sends), and Date and Server
// (the proxy's own, as nginx does) left out. Repeated fields stay repeated.
void copyResponseHeaders(const Poco::Net::HTTPResponse& from, Poco::Net::HTTPResponse& to);
// The same from a stored response's fields.
void copyResponseHeaders(const cache::HeaderList& from, Poco::Net::HTTPResponse& to);

// A Location under the upstream's base URL (`upstreamBase`, ending in '/')
// becomes the same path under the point's public prefix, as nginx's default
// proxy_redirect does: clients never see the upstream's address.
void rewriteLocation(Poco::Net::HTTPResponse& response, std::string_view upstreamBase,
                     std::string_view publicPrefix);

// The upstream response's end-to-end fields, Date and Content-Length kept,
// as the edge cache stores them.
cache::HeaderList endToEndHeaders(const Poco::Net::HTTPResponse& from);

}  // namespace interlude::streaming::proxy
