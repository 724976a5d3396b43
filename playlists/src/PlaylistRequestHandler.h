#pragma once

#include <chrono>
#include <memory>

#include "interlude/core/Handler.h"
#include "interlude/core/SessionStore.h"
#include "interlude/core/TokenSigner.h"
#include "interlude/playlists/DocumentTemplates.h"
#include "interlude/playlists/FormatRegistry.h"
#include "interlude/playlists/SessionPlanner.h"
#include "interlude/playlists/SessionRepository.h"

namespace interlude::playlists {

// GET /path/name.isx?format=NAME: resolves the playlist, starts a session
// (bounded by maxClients) and answers its document in the asked format.
class PlaylistRequestHandler : public core::Handler {
 public:
  PlaylistRequestHandler(const core::SiteConfig& site, std::shared_ptr<PlaylistCache> cache,
                         std::shared_ptr<const PlaylistExtensions> extensions,
                         core::SessionStore& sessions, const core::TokenSigner& signer,
                         std::shared_ptr<const FormatRegistry> formats,
                         std::chrono::milliseconds planValidity);
  void handle(core::RequestContext& context, Poco::Net::HTTPServerRequest& request,
              Poco::Net::HTTPServerResponse& response) const override;

 private:
  // The format of ?format=NAME: XSLT first, then extension formats; 404 if neither.
  const FormatRenderer* formatOf(const std::string& format) const;
  // Answers a format computed in code from a full copy of the session.
  void renderExtension(const FormatRenderer& renderer, const SessionPlan& plan,
                       const SessionStart& start, const core::RequestContext& context,
                       Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) const;

  std::shared_ptr<const PlaylistExtensions> extensions_;
  std::shared_ptr<PlaylistCache> cache_;
  SessionPlanner planner_;
  SessionRepository sessions_;
  const core::TokenSigner& signer_;
  std::shared_ptr<const FormatRegistry> formats_;
  std::shared_ptr<DocumentTemplates> templates_;  // shared, thread-safe cache
};

// What resolver steps see of a request from `clientIp` (the client's address as text).
PlaylistRequest playlistRequest(const core::RequestContext& context,
                                const Poco::Net::HTTPServerRequest& request, std::string clientIp);

// The value of the first query parameter named `name` (core::decodeQuery), empty without one.
std::string queryParameter(const std::string& query, const std::string& name);

}  // namespace interlude::playlists
