#include "points/PointsApi.h"

#include <Poco/JSON/Array.h>

#include <sstream>

#include "interlude/core/HttpError.h"
#include "interlude/core/Responses.h"

namespace interlude::streaming::points {
namespace {

void sendJson(Poco::Net::HTTPServerResponse& response, int status, const Poco::JSON::Object& body) {
  std::ostringstream out;
  body.stringify(out);
  core::sendText(response, status, "application/json", out.str());
}

}  // namespace

void addPointsApi(core::PluginContext& context,
                  const std::vector<std::shared_ptr<const Point>>& points) {
  context.addAdminRoute("GET", "/api/points", [points](auto&, auto& response) {
    Poco::JSON::Array list;
    for (const auto& point : points) list.add(point->json());
    Poco::JSON::Object body;
    body.set("points", list);
    sendJson(response, 200, body);
  });
  auto& log = context.logger();
  for (const auto& point : points) {
    const auto base = "/api/points/" + point->settings().name;
    context.addAdminRoute(
        "GET", base, [point](auto&, auto& response) { sendJson(response, 200, point->json()); });
    context.addAdminRoute("POST", base + "/start", [point, &log](auto&, auto& response) {
      try {
        point->start();
      } catch (const std::exception& e) {
        const auto reason = point->settings().name + " cannot start: " + e.what();
        log.error("point " + reason);
        throw core::HttpError(502, "point " + reason);
      }
      log.information("point " + point->settings().name + " " + stateName(point->state()));
      sendJson(response, 200, point->json());
    });
    context.addAdminRoute("POST", base + "/stop", [point, &log](auto&, auto& response) {
      point->stop();
      log.information("point " + point->settings().name + " " + stateName(point->state()));
      sendJson(response, 200, point->json());
    });
  }
}

}  // namespace interlude::streaming::points
