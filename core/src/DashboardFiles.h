#pragma once

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <optional>
#include <string>

#include "interlude/core/ConfinedOpen.h"
#include "interlude/core/MimeTypes.h"

namespace interlude::core {

// The dashboard's files (admin/@dashboard, www/admin in the tree) on the admin
// listener under /admin/, without the token: the pages hold no secret, and
// every API call they make carries it. Small files, read whole per request.
class DashboardFiles {
 public:
  static constexpr std::string_view kPrefix = "/admin/";

  explicit DashboardFiles(const std::string& folder);  // "" : no dashboard

  // Whether `path` is the dashboard's ("/", "/admin" or under /admin/).
  static bool owns(const std::string& path);
  // Answers a GET or HEAD of a path it owns (404 without a dashboard).
  void serve(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) const;

 private:
  std::optional<ConfinedRoot> root_;
  MimeTypes mime_;
};

}  // namespace interlude::core
