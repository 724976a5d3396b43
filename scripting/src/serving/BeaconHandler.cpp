#include "BeaconHandler.h"

#include <string_view>

#include "interlude/core/HttpError.h"
#include "interlude/playlists/SessionRepository.h"
#include "interlude/scripting/AdEvent.h"

namespace interlude::scripting {

// The ad a VAST document bound to the entry; else the ad the playlist session
// has there (a playlist taken in another format: its entry token is the beacon's).
std::optional<std::string> BeaconHandler::adAt(const std::string& session,
                                               std::size_t entry) const {
  if (auto bound = services_->beacons.adOf(session, entry)) return bound;
  const auto played = playlists::SessionRepository(services_->store).peek(session);
  if (!played || played->site != site_ || entry >= played->entries.size()) return std::nullopt;
  const auto& at = played->entries[entry];
  if (at.kind != playlists::EntryKind::Ad || at.adId.empty()) return std::nullopt;
  return at.adId;
}

void BeaconHandler::handle(core::RequestContext& context, Poco::Net::HTTPServerRequest&,
                           Poco::Net::HTTPServerResponse& response) const {
  std::string_view rest(context.target.path);
  rest.remove_prefix(std::min(rest.size(), std::string_view(AdBeacons::kPrefix).size()));
  const auto slash = rest.find('/');
  if (slash == std::string_view::npos) throw core::HttpError(404, "no beacon event");
  const auto event = parseAdEvent(rest.substr(slash + 1));
  if (!event) throw core::HttpError(400, "unknown ad event");
  const auto claims = services_->beacons.verify(rest.substr(0, slash));
  if (!claims) throw core::HttpError(403, "forged or expired beacon");
  const auto entry = static_cast<std::size_t>(claims->entry);
  const auto adId = adAt(claims->session, entry);
  if (!adId) throw core::HttpError(404, "no ad at this entry");
  services_->tracker.record(claims->session, entry, *event, *adId, services_->catalog(site_).get());
  response.set("Cache-Control", "no-store");
  response.setStatus(Poco::Net::HTTPResponse::HTTP_NO_CONTENT);
  response.setContentLength(0);
  response.send();
}

}  // namespace interlude::scripting
