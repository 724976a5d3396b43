#include "interlude/core/HttpGet.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>

#include <stdexcept>

namespace interlude::core {

HttpGetResult httpGet(const Poco::URI& uri, std::chrono::milliseconds timeout,
                      const std::string& userAgent, std::size_t maxBody, bool failOverLimit) {
  if (uri.getScheme() != "http") {
    throw std::invalid_argument("only http:// URLs are supported: " + uri.toString());
  }
  Poco::Net::HTTPClientSession session(uri.getHost(), uri.getPort());
  const Poco::Timespan span(std::chrono::duration_cast<std::chrono::microseconds>(timeout).count());
  session.setTimeout(span, span, span);
  Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, uri.getPathAndQuery(),
                                 Poco::Net::HTTPMessage::HTTP_1_1);
  request.set("User-Agent", userAgent);
  session.sendRequest(request);
  Poco::Net::HTTPResponse response;
  auto& in = session.receiveResponse(response);
  HttpGetResult result{static_cast<int>(response.getStatus()), {}};
  char chunk[8192];
  while (result.body.size() < maxBody + (failOverLimit ? 1 : 0)) {
    in.read(chunk, sizeof chunk);
    if (in.gcount() <= 0) break;
    result.body.append(chunk, static_cast<std::size_t>(in.gcount()));
  }
  if (result.body.size() > maxBody) {
    if (failOverLimit) {
      throw std::length_error("a body over " + std::to_string(maxBody) + " bytes");
    }
    result.body.resize(maxBody);
  }
  return result;
}

}  // namespace interlude::core
