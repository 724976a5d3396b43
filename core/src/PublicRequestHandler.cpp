#include "PublicRequestHandler.h"

#include <chrono>
#include <cstdio>

#include "interlude/core/HttpError.h"
#include "interlude/core/RequestFilter.h"
#include "interlude/core/Responses.h"

namespace interlude::core {
namespace {

using Poco::Net::HTTPRequest;

constexpr std::string_view kHealthPath = "/healthz";

// Silverlight and Flash fetch these from the root whatever the site maps there.
bool isCrossDomainPolicy(std::string_view path) {
  return path == "/clientaccesspolicy.xml" || path == "/crossdomain.xml";
}

std::string allowHeader(const Handler* handler) {
  std::string allow = "GET, HEAD";
  if (handler) {
    for (const auto& method : handler->extraMethods()) allow += ", " + method;
  }
  return allow + ", OPTIONS";
}

bool methodAllowed(const std::string& method, const Handler* handler) {
  if (method == HTTPRequest::HTTP_GET || method == HTTPRequest::HTTP_HEAD) return true;
  if (!handler) return false;
  const auto extra = handler->extraMethods();
  return std::find(extra.begin(), extra.end(), method) != extra.end();
}

// Answers OPTIONS and refuses methods the target does not take; true when answered.
bool answeredMethod(const HTTPRequest& request, Poco::Net::HTTPServerResponse& response,
                    const Handler* handler) {
  const auto& method = request.getMethod();
  if (method == HTTPRequest::HTTP_OPTIONS) {
    response.set("Allow", allowHeader(handler));
    response.setStatusAndReason(Poco::Net::HTTPResponse::HTTP_NO_CONTENT);
    response.send();
    return true;
  }
  if (!methodAllowed(method, handler)) {
    response.set("Allow", allowHeader(handler));
    throw HttpError(405, method + " is not allowed here");
  }
  return false;
}

class InFlight {
 public:
  explicit InFlight(Gauge& gauge) : gauge_(gauge) { gauge_.add(1); }
  ~InFlight() { gauge_.add(-1); }
  InFlight(const InFlight&) = delete;
  InFlight& operator=(const InFlight&) = delete;

 private:
  Gauge& gauge_;
};

}  // namespace

std::string printable(std::string_view text, std::size_t max) {
  std::string out;
  for (unsigned char c : text.substr(0, max)) {
    if (c < 0x20 || c >= 0x7f || c == '\\') {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02X", c);
      out += hex;
    } else {
      out += static_cast<char>(c);
    }
  }
  if (text.size() > max) out += "...";
  return out;
}

void PublicRequestHandler::reject(const Poco::Net::HTTPServerRequest& request,
                                  const Rejection& why) {
  state_.metrics.rejected.add();
  state_.filterLog.notice("rejected " + printable(request.getMethod(), 32) + " " +
                          printable(request.getURI()) + " from " +
                          request.clientAddress().host().toString() + ": " + why.rule + " (" +
                          std::to_string(why.status) + ")");
  throw HttpError(why.status, why.rule);
}

std::uint64_t PublicRequestHandler::dispatch(const SiteRuntime& site,
                                             Poco::Net::HTTPServerRequest& request,
                                             Poco::Net::HTTPServerResponse& response) {
  const std::string& uri = request.getURI();
  if (auto why = checkLimits(site.config.limits, uri, request, request.getContentLength64())) {
    reject(request, *why);
  }
  if (uri == "*" && request.getMethod() == HTTPRequest::HTTP_OPTIONS) {
    answeredMethod(request, response, nullptr);
    return 0;
  }
  RequestPath target;
  Rejection why;
  if (!parseRequestTarget(uri, target, why)) reject(request, why);

  if (target.path == kHealthPath) {
    // Still 200 when degraded: every node shares the store, and a balancer that
    // took them all out would refuse even what they can serve. The reason (it
    // names internal addresses) is on the admin /healthz only.
    if (!answeredMethod(request, response, nullptr)) {
      const bool degraded = !state_.sessions.degradation().empty();
      sendText(response, 200, "text/plain",
               degraded ? "degraded: session store unreachable\n" : "ok\n");
    }
    return 0;
  }
  if (auto denied = checkFilters(site.config.filters, target)) reject(request, *denied);

  const Handler& handler =
      isCrossDomainPolicy(target.path) ? site.router.fallback() : site.router.route(target.path);
  if (answeredMethod(request, response, &handler)) return 0;
  RequestContext context{site.config, site.mime, target, 0, {}, site.pacer.get()};
  handler.handle(context, request, response);
  return context.bodyBytesSent;
}

void PublicRequestHandler::handleRequest(Poco::Net::HTTPServerRequest& request,
                                         Poco::Net::HTTPServerResponse& response) {
  const auto started = std::chrono::steady_clock::now();
  InFlight inFlight(state_.metrics.inFlight);
  const auto runtime = state_.runtime.current();
  const SiteRuntime& site = runtime->siteFor(request.get("Host", ""));
  if (state_.draining.load(std::memory_order_relaxed)) response.setKeepAlive(false);

  std::uint64_t bodyBytes = 0;
  try {
    bodyBytes = dispatch(site, request, response);
  } catch (const HttpError& e) {
    if (!response.sent()) {
      sendError(response, e.status(), e.what());
    } else {
      state_.errorLog.warning(printable(request.getURI()) + ": " + e.what() +
                              " after the response started");
    }
  } catch (const std::exception& e) {
    state_.errorLog.error("internal error on " + printable(request.getURI()) + ": " + e.what());
    if (!response.sent()) sendError(response, 500, "internal error");
  }
  const bool head = request.getMethod() == HTTPRequest::HTTP_HEAD;
  if (bodyBytes == 0 && !head && response.hasContentLength()) {
    bodyBytes = static_cast<std::uint64_t>(response.getContentLength64());
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const int status = static_cast<int>(response.getStatus());
  state_.metrics.recordResponse(status, bodyBytes, seconds);
  const auto& log = runtime->accessLog();
  if (log.enabled()) {
    const auto& server = request.serverAddress();
    log.write({request.clientAddress().host().toString(), server.host().toString(), server.port(),
               request.getMethod(), request.getURI(), request.getVersion(), status, bodyBytes,
               request.get("Referer", ""), request.get("User-Agent", ""), seconds});
  }
}

}  // namespace interlude::core
