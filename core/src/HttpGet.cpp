#include "interlude/core/HttpGet.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>

#include <stdexcept>

namespace interlude::core {

struct HttpsTrust::Context {
  Poco::Net::Context::Ptr tls;
};

namespace {

Poco::Net::Context::Ptr clientContext(const std::string& extraCaFile) {
  Poco::Net::Context::Params params;
  params.caLocation = extraCaFile;
  params.loadDefaultCAs = true;
  // The server's chain and host name. RELAXED would skip the host name of a
  // loopback server (SecureSocketImpl::verifyPeerCertificateImpl).
  params.verificationMode = Poco::Net::Context::VERIFY_STRICT;
  return new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
}

std::unique_ptr<Poco::Net::HTTPClientSession> openSession(const Poco::URI& uri,
                                                          const HttpsTrust* trust) {
  if (uri.getScheme() == "http") {
    return std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
  }
  if (uri.getScheme() == "https") {
    const auto& context = (trust ? *trust : HttpsTrust::system()).context();
    return std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort(),
                                                           context.tls);
  }
  throw std::invalid_argument("only http:// and https:// URLs are supported: " + uri.toString());
}

}  // namespace

HttpsTrust::HttpsTrust(const std::string& extraCaFile)
    : context_(std::make_unique<const Context>(Context{clientContext(extraCaFile)})) {}

HttpsTrust::~HttpsTrust() = default;

const HttpsTrust& HttpsTrust::system() {
  static const HttpsTrust store;
  return store;
}

HttpGetResult httpGet(const Poco::URI& uri, std::chrono::milliseconds timeout,
                      const std::string& userAgent, std::size_t maxBody, bool failOverLimit,
                      const HttpsTrust* trust) {
  const auto session = openSession(uri, trust);
  const Poco::Timespan span(std::chrono::duration_cast<std::chrono::microseconds>(timeout).count());
  session->setTimeout(span, span, span);
  Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, uri.getPathAndQuery(),
                                 Poco::Net::HTTPMessage::HTTP_1_1);
  request.set("User-Agent", userAgent);
  session->sendRequest(request);
  Poco::Net::HTTPResponse response;
  auto& in = session->receiveResponse(response);
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
