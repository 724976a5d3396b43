#include "AdminRequestHandler.h"

#include <Poco/Net/HTTPRequest.h>

#include "DashboardFiles.h"
#include "PublicRequestHandler.h"
#include "interlude/core/HttpError.h"
#include "interlude/core/Responses.h"
#include "interlude/core/Text.h"

namespace interlude::core {
namespace {

using Poco::Net::HTTPRequest;

std::string bearerToken(const HTTPRequest& request) {
  const std::string header = request.get("Authorization", "");
  constexpr std::string_view scheme = "Bearer ";
  if (header.size() <= scheme.size() || !startsWithIgnoreCase(header, scheme)) {
    return {};
  }
  return header.substr(scheme.size());
}

void requireMethod(const HTTPRequest& request, Poco::Net::HTTPServerResponse& response,
                   const std::string& method) {
  if (request.getMethod() == method) return;
  if (method == HTTPRequest::HTTP_GET && request.getMethod() == HTTPRequest::HTTP_HEAD) return;
  response.set("Allow", method == HTTPRequest::HTTP_GET ? "GET, HEAD" : method);
  throw HttpError(405, request.getMethod() + " is not allowed here");
}

}  // namespace

bool tokenMatches(const std::string& presented, const std::string& expected) {
  if (expected.empty()) return false;
  unsigned char difference = presented.size() == expected.size() ? 0 : 1;
  for (std::size_t i = 0; i < presented.size(); ++i) {
    difference |= static_cast<unsigned char>(presented[i] ^ expected[i % expected.size()]);
  }
  return difference == 0;
}

void AdminRequestHandler::route(const Runtime& runtime, Poco::Net::HTTPServerRequest& request,
                                Poco::Net::HTTPServerResponse& response, const std::string& path) {
  if (path == "/healthz") {
    requireMethod(request, response, HTTPRequest::HTTP_GET);
    const auto problem = api_.degradation();
    sendText(response, 200, "text/plain", problem.empty() ? "ok\n" : "degraded: " + problem + "\n");
    return;
  }
  if (DashboardFiles::owns(path)) {
    DashboardFiles(runtime.config().admin.dashboard).serve(request, response);
    return;
  }
  const std::string& token = runtime.config().admin.token;
  if (token.empty()) {
    throw HttpError(503,
                    "admin API disabled: no token configured (admin/@token or admin/@tokenEnv)");
  }
  if (!tokenMatches(bearerToken(request), token)) {
    response.set("WWW-Authenticate", "Bearer realm=\"interlude\"");
    throw HttpError(401, "a valid bearer token is required");
  }
  if (path == "/api/status") {
    requireMethod(request, response, HTTPRequest::HTTP_GET);
    sendText(response, 200, "application/json", api_.statusJson());
  } else if (path == "/api/reload") {
    requireMethod(request, response, HTTPRequest::HTTP_POST);
    const auto result = api_.reload();
    sendText(response, result.ok ? 200 : 422, "text/plain; charset=utf-8", result.report);
  } else if (path == "/metrics") {
    requireMethod(request, response, HTTPRequest::HTTP_GET);
    sendText(response, 200, "text/plain; version=0.0.4", api_.metrics().renderPrometheus());
  } else {
    std::vector<std::string> allowed;
    const auto* handler = runtime.adminRoute(request.getMethod(), path, allowed);
    if (!handler) {
      if (allowed.empty()) throw HttpError(404, "no admin route " + path);
      std::string allow;
      for (const auto& m : allowed) allow += (allow.empty() ? "" : ", ") + m;
      response.set("Allow", allow);
      throw HttpError(405, request.getMethod() + " is not allowed here");
    }
    (*handler)(request, response);
  }
}

void AdminRequestHandler::handleRequest(Poco::Net::HTTPServerRequest& request,
                                        Poco::Net::HTTPServerResponse& response) {
  const auto runtime = runtime_.current();
  const std::string& uri = request.getURI();
  const std::string path = uri.substr(0, uri.find('?'));
  try {
    route(*runtime, request, response, path);
  } catch (const HttpError& e) {
    if (!response.sent()) sendError(response, e.status(), e.what());
  } catch (const std::exception& e) {
    log_.error("admin " + printable(path) + ": " + e.what());
    if (!response.sent()) sendError(response, 500, "internal error");
  }
  log_.debug(printable(request.getMethod(), 16) + " " + printable(path) + " " +
             std::to_string(static_cast<int>(response.getStatus())));
}

}  // namespace interlude::core
