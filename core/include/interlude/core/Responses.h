#pragma once

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <ctime>
#include <string>
#include <string_view>

namespace interlude::core {

// A complete response with a small body (HEAD drops the body, keeps the headers).
void sendText(Poco::Net::HTTPServerResponse& response, int status, std::string_view contentType,
              const std::string& body);

// The same, with the headers and the body in one write (sendText above pushes
// them through POCO's 4 KiB stream buffer: two writes once they pass it).
void sendText(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
              int status, std::string_view contentType, std::string_view body);

// The Date header's value at `now`, formatted once a second per thread: POCO's
// setDate formatted it anew for every response.
const std::string& responseDate(std::time_t now);

// An error answer: "404 Not Found: reason". Headers already set (Location,
// Allow, Content-Range...) are kept.
void sendError(Poco::Net::HTTPServerResponse& response, int status, const std::string& reason);

}  // namespace interlude::core
