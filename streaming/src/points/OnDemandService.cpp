#include "points/OnDemandService.h"

#include "interlude/core/HttpError.h"

namespace interlude::streaming::points {
namespace {

core::SiteConfig withRoot(core::SiteConfig site, const std::string& folder) {
  site.root = folder;
  return site;
}

}  // namespace

OnDemandService::OnDemandService(std::string prefix, const core::SiteConfig& site,
                                 const std::string& folder, const core::ServerConfig& server)
    : prefix_(std::move(prefix)),
      folderSite_(withRoot(site, folder)),
      mime_(folderSite_.mime),
      files_(folderSite_, mime_, server) {}

void OnDemandService::serve(core::RequestContext& context, const PointTarget& target,
                            Poco::Net::HTTPServerRequest& request,
                            Poco::Net::HTTPServerResponse& response) const {
  // Points are not paced: segments of adaptive streams are fetched as fast as
  // the player wants them.
  core::RequestContext inFolder{folderSite_, mime_, target.below, 0, {}, nullptr};
  try {
    files_.handle(inFolder, request, response);
  } catch (const core::HttpError& e) {
    // A folder asked without its slash: the redirect names the path in the point.
    if (e.status() == 301 && response.has("Location")) {
      const auto location = prefix_.substr(0, prefix_.size() - 1) + response.get("Location");
      response.set("Location", location);
      throw core::HttpError(301, "moved to " + location);
    }
    throw;
  }
  context.bodyBytesSent = inFolder.bodyBytesSent;
}

void OnDemandService::describe(Poco::JSON::Object& into) const {
  into.set("folder", folderSite_.root);
}

}  // namespace interlude::streaming::points
