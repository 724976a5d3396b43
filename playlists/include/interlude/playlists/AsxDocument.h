#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "interlude/core/TokenSigner.h"
#include "interlude/core/XmlDocument.h"
#include "interlude/playlists/Session.h"

namespace interlude::playlists {

// The canonical document of a session: ASX 3.0 as IIS Web Playlists answered,
// with entry URLs `<baseUrl>/_/e/<token>` that never reveal a real path. The
// output formats are XSLT over this document.
core::XmlDocPtr buildAsx(const Session& session, const std::string& title,
                         const std::string& author, const std::string& baseUrl,
                         const core::TokenSigner& signer);

// What of a session's document differs from one session to the next.
struct AsxSessionFields {
  std::string session;                            // the session id as written
  std::string expires;                            // ISO 8601
  std::function<std::string(std::size_t)> token;  // the token of entry i
};
core::XmlDocPtr buildAsx(const Session& session, const std::string& title,
                         const std::string& author, const std::string& baseUrl,
                         const AsxSessionFields& fields);

std::string isoTime(std::int64_t epochSeconds);

// The URL prefix of entry delivery.
inline constexpr const char* kEntryPrefix = "/_/e/";

}  // namespace interlude::playlists
