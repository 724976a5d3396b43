#include "EntryRequestHandler.h"

#include <chrono>

#include "interlude/core/HttpConditions.h"
#include "interlude/core/HttpError.h"
#include "interlude/playlists/AsxDocument.h"
#include "interlude/playlists/Session.h"

namespace interlude::playlists {
namespace {

std::uint64_t rangeStart(const Poco::Net::HTTPServerRequest& request, std::uint64_t size) {
  core::RequestConditions conditions;
  conditions.range = request.get("Range", "");
  const auto decision = core::decideRange(conditions, {}, size);
  return decision.outcome == core::RangeOutcome::Partial ? decision.range.first : 0;
}

}  // namespace

EntryRequestHandler::EntryRequestHandler(const core::SiteConfig& site, const core::MimeTypes& mime,
                                         const core::ServerConfig& server,
                                         core::SessionStore& sessions,
                                         const core::TokenSigner& signer)
    : media_(site, mime, server),
      sessions_(sessions),
      signer_(signer),
      log_(Poco::Logger::get("interlude.playlists")) {}

void EntryRequestHandler::handle(core::RequestContext& context,
                                 Poco::Net::HTTPServerRequest& request,
                                 Poco::Net::HTTPServerResponse& response) const {
  const auto now = std::chrono::system_clock::now();
  const std::string token = context.target.path.substr(std::string_view(kEntryPrefix).size());
  const auto client = request.clientAddress().host().toString();
  const auto verified = signer_.verify(token, std::chrono::system_clock::to_time_t(now));
  if (!verified.claims) {
    log_.warning("entry link refused from " + client + ": " + verified.error);
    throw core::HttpError(403, "this link is not valid (" + verified.error + ")");
  }
  const auto& claims = *verified.claims;
  const auto resumed = sessions_.resume(claims.session, now);
  if (!resumed) throw core::HttpError(403, "the session has ended; ask for the playlist again");
  const Session& session = *resumed;
  if (static_cast<std::size_t>(claims.entry) >= session.entries.size()) {
    throw core::HttpError(403, "no such entry in the session");
  }
  const auto index = static_cast<std::size_t>(claims.entry);

  const auto& entry = session.entries[index];
  if (!entry.local) {
    response.set("Location", entry.target);
    throw core::HttpError(302, "the media is at " + entry.target);
  }
  const auto first = rangeStart(request, entry.size);
  if (const auto decision = decide(session, index, first); !decision.allowed) {
    log_.information("session " + session.id + " from " + client + ": " + decision.reason);
    throw core::HttpError(403, decision.reason);
  }
  const core::RequestPath media{entry.target, "", false};
  core::RequestContext delivery{context.site, context.mime, media, 0, {}};
  // Counted before the bytes leave: a player asks for the next entry as soon as
  // this one has arrived, possibly before this request returns.
  std::uint64_t promised = 0;
  delivery.beforeBody = [&](std::uint64_t offset, std::uint64_t length) {
    promised = length;
    sessions_.update(session.id, [&](Session& s) { s.recordDelivery(index, offset, length); });
  };
  media_.handle(delivery, request, response);
  context.bodyBytesSent = delivery.bodyBytesSent;
  if (delivery.bodyBytesSent < promised) {  // the client left early: count what it got
    const auto reached = first + delivery.bodyBytesSent;
    sessions_.update(session.id, [&](Session& s) {
      if (s.delivered[index] == first + promised) s.delivered[index] = std::max(reached, first);
    });
  }
}

}  // namespace interlude::playlists
