#pragma once

#include <memory>

#include "DeliveriesInProgress.h"
#include "interlude/core/Handler.h"
#include "interlude/core/SessionStore.h"
#include "interlude/core/StaticFileHandler.h"
#include "interlude/core/TokenSigner.h"
#include "interlude/playlists/PlaylistExtensions.h"
#include "interlude/playlists/SessionRepository.h"

namespace interlude::playlists {

// GET|HEAD /_/e/<token>: checks the token, the site and the session's rules,
// then serves local media through core's static delivery (Range, ETag, HEAD),
// counting the bytes as the kernel takes them; remote media is redirected.
// The extensions' entry observers see each admitted request and the progress.
class EntryRequestHandler : public core::Handler {
 public:
  EntryRequestHandler(const core::SiteConfig& site, const core::MimeTypes& mime,
                      const core::ServerConfig& server, core::SessionStore& sessions,
                      const core::TokenSigner& signer,
                      std::shared_ptr<DeliveriesInProgress> inProgress,
                      std::shared_ptr<const PlaylistExtensions> extensions);
  void handle(core::RequestContext& context, Poco::Net::HTTPServerRequest& request,
              Poco::Net::HTTPServerResponse& response) const override;

 private:
  Session admitted(const core::RequestContext& context, const Poco::Net::HTTPServerRequest& request,
                   std::size_t& index) const;
  void deliver(Session& session, std::size_t index, core::RequestContext& context,
               Poco::Net::HTTPServerRequest& request,
               Poco::Net::HTTPServerResponse& response) const;

  core::StaticFileHandler media_;
  SessionRepository sessions_;
  const core::TokenSigner& signer_;
  std::shared_ptr<DeliveriesInProgress> inProgress_;
  std::shared_ptr<const PlaylistExtensions> extensions_;
  Poco::Logger& log_;
};

}  // namespace interlude::playlists
