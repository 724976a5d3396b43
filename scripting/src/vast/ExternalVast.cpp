#include "interlude/scripting/ExternalVast.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/URI.h>

#include <stdexcept>

#include "VastReader.h"

namespace interlude::scripting {
namespace {

constexpr std::size_t kMaxDocument = 1 << 20;

std::string get(const Poco::URI& uri, std::chrono::milliseconds timeout) {
  if (uri.getScheme() != "http") throw std::runtime_error("only http VAST tags are supported");
  Poco::Net::HTTPClientSession session(uri.getHost(), uri.getPort());
  const Poco::Timespan span(std::chrono::duration_cast<std::chrono::microseconds>(timeout).count());
  session.setTimeout(span, span, span);
  Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, uri.getPathAndQuery(),
                                 Poco::Net::HTTPMessage::HTTP_1_1);
  request.set("User-Agent", "Interlude");
  session.sendRequest(request);
  Poco::Net::HTTPResponse response;
  auto& in = session.receiveResponse(response);
  if (response.getStatus() != Poco::Net::HTTPResponse::HTTP_OK) {
    throw std::runtime_error("HTTP " + std::to_string(response.getStatus()));
  }
  std::string body;
  char chunk[8192];
  while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
    body.append(chunk, static_cast<std::size_t>(in.gcount()));
    if (body.size() > kMaxDocument) throw std::runtime_error("a document over 1 MiB");
  }
  return body;
}

void merge(ExternalAd& into, ExternalAd&& wrapper) {
  into.errors.insert(into.errors.end(), wrapper.errors.begin(), wrapper.errors.end());
  auto& tracking = into.creative.tracking;
  tracking.insert(tracking.end(), wrapper.creative.tracking.begin(),
                  wrapper.creative.tracking.end());
}

}  // namespace

std::optional<ExternalAd> ExternalVast::fetch(const std::string& url, const Options& options,
                                              Poco::Logger& log) {
  ExternalAd wrappers;
  Poco::URI next;
  try {
    next = Poco::URI(url);
    for (int depth = 0; depth <= options.maxWrappers; ++depth) {
      auto reading = readVast(get(next, options.timeout), options);
      if (!reading.wrapper) {
        merge(reading.ad, std::move(wrappers));
        return std::move(reading.ad);
      }
      merge(wrappers, std::move(reading.ad));
      next = Poco::URI(next, reading.tagUri);
    }
    log.warning("external VAST %s: more than %d wrappers", url, options.maxWrappers);
  } catch (const Poco::Exception& e) {
    log.warning("external VAST %s (at %s): %s", url, next.toString(), e.displayText());
  } catch (const std::exception& e) {
    log.warning("external VAST %s (at %s): %s", url, next.toString(), std::string(e.what()));
  }
  return std::nullopt;
}

}  // namespace interlude::scripting
