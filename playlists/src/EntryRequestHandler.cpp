#include "EntryRequestHandler.h"

#include <chrono>
#include <thread>

#include "PlaylistRequestHandler.h"
#include "interlude/core/HttpError.h"
#include "interlude/core/RequestFilter.h"
#include "interlude/core/StoreUnavailable.h"
#include "interlude/playlists/AsxDocument.h"

namespace interlude::playlists {
namespace {

constexpr auto kWaitForDelivery = std::chrono::seconds(2);
// A delivery records its bytes a send at a time (256 KiB, or up to a second of
// its rate when paced) once the kernel took them: on another node, the last of
// them may reach the store a moment after the player has them.
constexpr std::uint64_t kLastSendBytes = 2 << 20;
constexpr auto kWaitForOtherNode = std::chrono::seconds(1);
constexpr auto kReadAgainEvery = std::chrono::milliseconds(20);

// Whether `entry` may be finishing on another node: asked for (a delivery
// stores that before its first byte), and short of what it needs by no more
// than a last send, which may be all of a small entry.
bool mayBeFinishingElsewhere(const Session& session, std::size_t entry) {
  return session.furthest >= static_cast<int>(entry) &&
         session.entries[entry].required - session.delivered[entry] <= kLastSendBytes;
}

// The range headers static delivery set for an answer that is now refused.
void forgetRangeHeaders(Poco::Net::HTTPServerResponse& response) {
  for (const char* name : {"Content-Range", "ETag", "Last-Modified", "Accept-Ranges"}) {
    response.erase(name);
  }
}

}  // namespace

EntryRequestHandler::EntryRequestHandler(const core::SiteConfig& site, const core::MimeTypes& mime,
                                         const core::ServerConfig& server,
                                         core::SessionStore& sessions,
                                         const core::TokenSigner& signer,
                                         std::shared_ptr<DeliveriesInProgress> inProgress,
                                         std::shared_ptr<const PlaylistExtensions> extensions)
    : media_(site, mime, server),
      sessions_(sessions),
      signer_(signer),
      inProgress_(std::move(inProgress)),
      extensions_(std::move(extensions)),
      log_(Poco::Logger::get("interlude.playlists")) {}

// The session and entry a request may have, or an HttpError saying why not.
Session EntryRequestHandler::admitted(const core::RequestContext& context,
                                      const Poco::Net::HTTPServerRequest& request,
                                      std::size_t& index) const {
  const auto now = std::chrono::system_clock::now();
  const std::string token = context.target.path.substr(std::string_view(kEntryPrefix).size());
  const auto client = request.clientAddress().host().toString();
  const auto verified = signer_.verify(token, std::chrono::system_clock::to_time_t(now));
  if (!verified.claims) {
    log_.warning("entry link refused from " + client + ": " + verified.error);
    throw core::HttpError(403, "this link is not valid (" + verified.error + ")");
  }
  const auto& claims = *verified.claims;
  const auto resumed = [&] {
    auto live = sessions_.resume(claims.session, now);
    if (!live) throw core::HttpError(403, "the session has ended; ask for the playlist again");
    return live;
  };
  auto session = resumed();
  if (session->site != context.site.name) {
    log_.warning("entry link of site " + session->site + " used on site " + context.site.name +
                 " from " + client);
    throw core::HttpError(403, "this link belongs to another site");
  }
  index = static_cast<std::size_t>(claims.entry);
  if (index >= session->entries.size()) throw core::HttpError(403, "no such entry in the session");

  auto decision = decide(*session, index, 0);
  const auto readAgain = [&] {
    session = resumed();
    decision = decide(*session, index, 0);
  };
  // The entry holding this one back may be finishing in another request now, or
  // may just have finished since the session was read: wait for a delivery still
  // running here, then read the session again either way...
  if (!decision.allowed && decision.blockedBy) {
    inProgress_->waitFor(session->id, *decision.blockedBy, kWaitForDelivery);
    readAgain();
  }
  // ...and for one on another node, which only the store shows, a little longer.
  const auto giveUpAt = std::chrono::steady_clock::now() + kWaitForOtherNode;
  while (!decision.allowed && decision.blockedBy && sessions_.sharedByNodes() &&
         mayBeFinishingElsewhere(*session, *decision.blockedBy) &&
         std::chrono::steady_clock::now() < giveUpAt) {
    std::this_thread::sleep_for(kReadAgainEvery);
    readAgain();
  }
  if (!decision.allowed) {
    log_.information("session " + session->id + " from " + client + ": " + decision.reason);
    throw core::HttpError(403, decision.reason);
  }
  return std::move(*session);
}

void EntryRequestHandler::handle(core::RequestContext& context,
                                 Poco::Net::HTTPServerRequest& request,
                                 Poco::Net::HTTPServerResponse& response) const {
  std::size_t index = 0;
  Session session = admitted(context, request, index);
  const auto& entry = session.entries[index];
  if (const auto& observers = extensions_->entryObservers(); !observers.empty()) {
    const auto asked = playlistRequest(context, request, request.clientAddress().host().toString());
    for (const auto& observer : observers) observer->requested(session, index, asked);
  }
  if (!entry.local) {
    sessions_.update(
        session, [&](Session& s) { s.furthest = std::max(s.furthest, static_cast<int>(index)); });
    response.set("Location", entry.target);
    throw core::HttpError(302, "the media is at " + entry.target);
  }
  const core::RequestPath media{entry.target, "", false};
  if (const auto denied = core::checkFilters(context.site.filters, media)) {
    throw core::HttpError(denied->status, denied->rule);
  }
  deliver(session, index, context, request, response);
}

namespace {

// A delivery's progress, owned by the body's progress callback: a body the
// pacer carries on after the request returned still records its bytes, and
// counts as in progress until it ends.
struct EntryDelivery {
  EntryDelivery(Session s, std::size_t i, const SessionRepository& repository,
                std::shared_ptr<DeliveriesInProgress> deliveries,
                std::shared_ptr<const PlaylistExtensions> observed)
      : session(std::move(s)),
        index(i),
        sessions(repository),
        inProgress(std::move(deliveries)),
        extensions(std::move(observed)),
        running(*inProgress, session.id, index) {}

  // Records bytes the kernel took and tells the observers how far the entry got.
  // Runs on the pacer's thread too, so it never throws: while the store is
  // unreachable (it logs that once) the bytes still go, uncounted.
  void record(std::uint64_t offset, std::uint64_t count) {
    std::uint64_t before = 0;
    std::uint64_t after = 0;
    try {
      sessions.update(session, [&](Session& s) {
        before = s.delivered[index];
        s.recordDelivery(index, offset, count);
        after = s.delivered[index];
      });
    } catch (const core::StoreUnavailable&) {
      return;
    }
    if (after == before) return;
    for (const auto& observer : extensions->entryObservers()) {
      observer->progressed(session, index, before, after);
    }
  }

  Session session;
  std::size_t index;
  SessionRepository sessions;
  std::shared_ptr<DeliveriesInProgress> inProgress;
  std::shared_ptr<const PlaylistExtensions> extensions;
  DeliveriesInProgress::Guard running;
};

}  // namespace

void EntryRequestHandler::deliver(Session& session, std::size_t index,
                                  core::RequestContext& context,
                                  Poco::Net::HTTPServerRequest& request,
                                  Poco::Net::HTTPServerResponse& response) const {
  const core::RequestPath media{session.entries[index].target, "", false};
  core::RequestContext delivery{context.site, context.mime, media, 0, {}, context.pacer};
  auto state = std::make_shared<EntryDelivery>(std::move(session), index, sessions_, inProgress_,
                                               extensions_);
  // The seek rule needs the range static delivery really serves.
  delivery.body.starting = [&](std::uint64_t offset, std::uint64_t) {
    const auto decision = decide(state->session, index, offset);
    if (!decision.allowed) {
      forgetRangeHeaders(response);
      throw core::HttpError(403, decision.reason);
    }
    sessions_.update(state->session, [&](Session& s) {
      s.furthest = std::max(s.furthest, static_cast<int>(index));
    });
  };
  // Counted once the kernel has taken the bytes, never before: a client that
  // stalls is credited with what it could have received, no more.
  delivery.body.sent = [state](std::uint64_t offset, std::uint64_t count) {
    state->record(offset, count);
  };
  media_.handle(delivery, request, response);
  context.bodyBytesSent = delivery.bodyBytesSent;
}

}  // namespace interlude::playlists
