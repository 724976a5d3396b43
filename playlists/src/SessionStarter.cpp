#include "interlude/playlists/SessionStarter.h"

#include <Poco/Logger.h>
#include <sys/random.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <system_error>

#include "interlude/core/Diagnostic.h"
#include "interlude/core/HttpError.h"
#include "interlude/core/RequestFilter.h"

namespace interlude::playlists {

Session planSession(const Resolution& resolution, const std::string& urlPath,
                    const core::SiteConfig& site, const core::ConfinedRoot& root,
                    const core::MimeTypes& mime, const MediaSizes* sizes) {
  Session session;
  session.site = site.name;
  session.playlist = urlPath;
  const auto& head = resolution.head();
  session.inactivitySeconds = head.inactivityTimeoutSeconds;
  session.timeToLiveSeconds = head.timeToLiveMinutes * 60;
  session.maxClients = head.maxClients;
  for (const auto* resolved : resolution.entries) {
    const auto& r = *resolved;
    if (r.entry.isPlaceholder()) continue;  // no rule filled it
    SessionEntry e;
    e.kind = r.entry.kind;
    e.title = r.entry.title;
    e.author = r.entry.author;
    e.local = r.local;
    e.target = r.target;
    e.firstRefs = r.firstRefs;
    e.durationSeconds = r.entry.durationSeconds;
    e.permissions = r.entry.permissions;
    e.adId = r.entry.adId;
    e.mediaType = std::string(mime.lookup(r.target.substr(0, r.target.find('?'))));
    if (r.local) {
      try {
        // Entry links must not reach what a direct request could not.
        if (const auto denied =
                core::checkFilters(site.filters, core::RequestPath{r.target, "", false})) {
          throw core::HttpError(denied->status, denied->rule);
        }
        e.size = sizes ? sizes->size(root, r.target) : measureMedia(root, r.target);
      } catch (const core::HttpError& error) {
        const auto& pos = r.entry.pos;
        Poco::Logger::get("interlude.playlists")
            .warning(core::Diagnostic{pos.file, pos.line, pos.column,
                                      "media " + r.target + " skipped: " + error.what()}
                         .str());
        continue;
      }
    }
    e.required = requiredBytes(r.entry, e.size);
    session.entries.push_back(std::move(e));
  }
  return session;
}

SessionStart startOf(const Session& plan, std::chrono::system_clock::time_point now) {
  return {newSessionId(), std::chrono::system_clock::to_time_t(now) + plan.timeToLiveSeconds, {}};
}

Session newSession(const Session& plan, std::chrono::system_clock::time_point now) {
  auto start = startOf(plan, now);
  Session session = plan;
  session.id = std::move(start.id);
  session.expires = start.expires;
  session.delivered.assign(session.entries.size(), 0);
  session.furthest = -1;
  return session;
}

// Random bytes from getrandom(), 256 at a time per thread (the most it returns
// whole, uninterrupted by signals): a call per id was 2% of a playlist request.
std::string newSessionId() {
  constexpr std::size_t kPool = 256;
  thread_local std::array<unsigned char, kPool> pool;
  thread_local std::size_t used = kPool;
  unsigned char bytes[16];
  if (used + sizeof bytes > kPool) {
    if (::getrandom(pool.data(), kPool, 0) != static_cast<ssize_t>(kPool)) {
      throw std::system_error(errno, std::generic_category(), "getrandom");
    }
    used = 0;
  }
  std::copy_n(pool.data() + used, sizeof bytes, bytes);
  std::fill_n(pool.data() + used, sizeof bytes, 0);  // an id's bytes are not kept
  used += sizeof bytes;
  constexpr char kHex[] = "0123456789abcdef";
  std::string id(2 * sizeof bytes, '0');
  for (std::size_t i = 0; i < sizeof bytes; ++i) {
    id[2 * i] = kHex[bytes[i] >> 4];
    id[2 * i + 1] = kHex[bytes[i] & 0xf];
  }
  return id;
}

}  // namespace interlude::playlists
