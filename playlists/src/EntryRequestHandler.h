#pragma once

#include "interlude/core/Handler.h"
#include "interlude/core/SessionStore.h"
#include "interlude/core/StaticFileHandler.h"
#include "interlude/core/TokenSigner.h"
#include "interlude/playlists/SessionRepository.h"

namespace interlude::playlists {

// GET|HEAD /_/e/<token>: checks the token and the session's permissions, then
// serves local media through core's static delivery (Range, ETag, HEAD) and
// records what was delivered; remote media is redirected.
class EntryRequestHandler : public core::Handler {
 public:
  EntryRequestHandler(const core::SiteConfig& site, const core::MimeTypes& mime,
                      const core::ServerConfig& server, core::SessionStore& sessions,
                      const core::TokenSigner& signer);
  void handle(core::RequestContext& context, Poco::Net::HTTPServerRequest& request,
              Poco::Net::HTTPServerResponse& response) const override;

 private:
  core::StaticFileHandler media_;
  SessionRepository sessions_;
  const core::TokenSigner& signer_;
  Poco::Logger& log_;
};

}  // namespace interlude::playlists
