#include "SessionsApi.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <algorithm>
#include <numeric>
#include <sstream>

#include "interlude/core/HttpError.h"
#include "interlude/core/Responses.h"
#include "interlude/core/Text.h"
#include "interlude/playlists/SessionRepository.h"

namespace interlude::playlists {
namespace {

constexpr std::string_view kRoute = "/api/sessions";
constexpr std::size_t kDefaultLimit = 100;
constexpr std::size_t kMaxLimit = 1000;
// A search looks at this many live sessions at most: the admin listener must
// answer in time with a million sessions in the store.
constexpr std::size_t kMaxExamined = 5000;

struct Listing {
  std::string query;  // matched in id, site, playlist, viewer and the current entry's title
  std::size_t limit = kDefaultLimit;
};

Listing listingOf(const Poco::Net::HTTPServerRequest& request) {
  Listing listing;
  for (const auto& [name, value] : core::decodeQuery(core::queryOf(request.getURI()))) {
    if (name == "q") {
      listing.query = value;
    } else if (name == "limit") {
      try {
        const auto limit = std::stoul(value);
        if (limit == 0 || limit > kMaxLimit) throw std::out_of_range(value);
        listing.limit = limit;
      } catch (const std::logic_error&) {
        throw core::HttpError(400, "limit must be 1 to " + std::to_string(kMaxLimit));
      }
    }
  }
  return listing;
}

const SessionEntry* currentEntry(const Session& session) {
  if (session.furthest < 0 || static_cast<std::size_t>(session.furthest) >= session.entries.size())
    return nullptr;
  return &session.entries[static_cast<std::size_t>(session.furthest)];
}

bool matches(const Session& session, const std::string& query) {
  const auto has = [&](const std::string& field) { return field.find(query) != std::string::npos; };
  const auto* current = currentEntry(session);
  return query.empty() || has(session.id) || has(session.site) || has(session.playlist) ||
         has(session.viewer) || (current && has(current->title));
}

Poco::JSON::Object sessionJson(const Session& session) {
  Poco::JSON::Object row;
  row.set("id", session.id);
  row.set("site", session.site);
  row.set("playlist", session.playlist);
  row.set("viewer", session.viewer);
  row.set("expires", session.expires);
  row.set("inactivitySeconds", session.inactivitySeconds);
  row.set("entries", session.entries.size());
  std::uint64_t size = 0;
  for (const auto& e : session.entries) size += e.size;
  row.set("bytes", size);
  row.set("bytesDelivered",
          std::accumulate(session.delivered.begin(), session.delivered.end(), std::uint64_t{0}));
  if (const auto* entry = currentEntry(session)) {
    const auto index = static_cast<std::size_t>(session.furthest);
    Poco::JSON::Object current;
    current.set("index", index);
    current.set("title", entry->title);
    current.set("kind", entry->kind == EntryKind::Ad ? "ad" : "content");
    current.set("size", entry->size);
    current.set("delivered", session.delivered[index]);
    row.set("current", current);
  } else {
    row.set("current", Poco::Dynamic::Var());
  }
  return row;
}

void listSessions(const SessionRepository& sessions, Poco::Net::HTTPServerRequest& request,
                  Poco::Net::HTTPServerResponse& response) {
  const auto listing = listingOf(request);
  const auto ids = sessions.liveIds(kMaxExamined);
  Poco::JSON::Array rows;
  bool truncated = ids.size() >= kMaxExamined;
  for (const auto& session : sessions.peekAll(ids)) {  // those still alive
    if (!matches(session, listing.query)) continue;
    if (rows.size() == listing.limit) {
      truncated = true;
      break;
    }
    rows.add(sessionJson(session));
  }
  Poco::JSON::Object body;
  body.set("sessions", rows);
  body.set("truncated", truncated);
  std::ostringstream out;
  body.stringify(out);
  core::sendText(response, 200, "application/json", out.str());
}

void endSession(const SessionRepository& sessions, Poco::Net::HTTPServerRequest& request,
                Poco::Net::HTTPServerResponse& response) {
  // Ids are hex: the path segment is taken as it is, without decoding.
  const auto& uri = request.getURI();
  const auto id = uri.substr(kRoute.size() + 1, uri.find('?') - kRoute.size() - 1);
  if (id.empty() || !sessions.end(id)) throw core::HttpError(404, "no live session " + id);
  response.setStatus(Poco::Net::HTTPResponse::HTTP_NO_CONTENT);
  response.setContentLength(0);
  response.send();
}

}  // namespace

void addSessionsApi(core::PluginContext& context) {
  const auto sessions = std::make_shared<const SessionRepository>(context.sessions());
  const std::string route(kRoute);
  context.addAdminRoute("GET", route, [sessions](auto& request, auto& response) {
    listSessions(*sessions, request, response);
  });
  context.addAdminRoute("DELETE", route + "/*", [sessions](auto& request, auto& response) {
    endSession(*sessions, request, response);
  });
}

}  // namespace interlude::playlists
