#pragma once

#include <chrono>
#include <string>

#include "interlude/core/Config.h"
#include "interlude/core/ConfinedOpen.h"
#include "interlude/core/MimeTypes.h"
#include "interlude/playlists/MediaSizes.h"
#include "interlude/playlists/Resolver.h"
#include "interlude/playlists/Session.h"

namespace interlude::playlists {

// Turns a resolution into the plan of a session of `site`: sizes and
// types of local media (missing files and paths the site's filters deny are
// skipped and logged), the bytes each entry must deliver. Id, expiry and
// progress are left to newSession. With `sizes`, media sizes come from there.
Session planSession(const Resolution& resolution, const std::string& urlPath,
                    const core::SiteConfig& site, const core::ConfinedRoot& root,
                    const core::MimeTypes& mime, const MediaSizes* sizes = nullptr);

// A new id, and the expiry of a session on `plan` starting `now`.
SessionStart startOf(const Session& plan, std::chrono::system_clock::time_point now);

// A session on `plan` starting `now`: a new id, its expiry, nothing delivered.
Session newSession(const Session& plan, std::chrono::system_clock::time_point now);

// 128 random bits, hex.
std::string newSessionId();

}  // namespace interlude::playlists
