#include "points/OnDemandService.h"

namespace interlude::streaming::points {
namespace {

core::SiteConfig withRoot(core::SiteConfig site, const std::string& folder) {
  site.root = folder;
  return site;
}

}  // namespace

OnDemandService::OnDemandService(const core::SiteConfig& site, const std::string& folder,
                                 const core::ServerConfig& server)
    : folderSite_(withRoot(site, folder)),
      mime_(folderSite_.mime),
      files_(folderSite_, mime_, server) {}

void OnDemandService::serve(core::RequestContext& context, const PointTarget& target,
                            Poco::Net::HTTPServerRequest& request,
                            Poco::Net::HTTPServerResponse& response) const {
  // Points are not paced: segments of adaptive streams are fetched as fast as
  // the player wants them.
  core::RequestContext inFolder{folderSite_, mime_, target.below, 0, {}, nullptr};
  files_.handle(inFolder, request, response);
  context.bodyBytesSent = inFolder.bodyBytesSent;
}

void OnDemandService::describe(Poco::JSON::Object& into) const {
  into.set("folder", folderSite_.root);
}

}  // namespace interlude::streaming::points
