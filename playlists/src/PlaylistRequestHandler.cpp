#include "PlaylistRequestHandler.h"

#include <Poco/Logger.h>

#include <algorithm>
#include <system_error>

#include "interlude/core/BaseUrl.h"
#include "interlude/core/Diagnostic.h"
#include "interlude/core/HttpError.h"
#include "interlude/core/Responses.h"
#include "interlude/core/Text.h"
#include "interlude/playlists/AsxDocument.h"
#include "interlude/playlists/SessionStarter.h"

namespace interlude::playlists {
namespace {

constexpr int kRetryAfterSeconds = 30;

}  // namespace

std::string queryParameter(const std::string& query, const std::string& name) {
  for (auto& [key, value] : core::decodeQuery(query)) {
    if (key == name) return std::move(value);
  }
  return {};
}

PlaylistRequest playlistRequest(const core::RequestContext& context,
                                const Poco::Net::HTTPServerRequest& request, std::string clientIp) {
  PlaylistRequest out{
      context.target.path, context.target.query, {}, std::move(clientIp), context.site.name};
  for (const auto& [name, value] : request) {
    out.headers[core::toLower(name)] = value;
  }
  return out;
}

PlaylistRequestHandler::PlaylistRequestHandler(const core::SiteConfig& site,
                                               std::shared_ptr<PlaylistCache> cache,
                                               std::shared_ptr<const PlaylistExtensions> extensions,
                                               core::SessionStore& sessions,
                                               const core::TokenSigner& signer,
                                               std::shared_ptr<const FormatRegistry> formats,
                                               std::chrono::milliseconds planValidity)
    : extensions_(std::move(extensions)),
      cache_(std::move(cache)),
      planner_(site.root, *cache_, httpLookup(std::chrono::seconds(2)), extensions_, planValidity),
      sessions_(sessions),
      signer_(signer),
      formats_(std::move(formats)),
      templates_(std::make_shared<DocumentTemplates>()) {}

void PlaylistRequestHandler::handle(core::RequestContext& context,
                                    Poco::Net::HTTPServerRequest& request,
                                    Poco::Net::HTTPServerResponse& response) const {
  auto format = queryParameter(context.target.query, "format");
  if (format.empty()) format = "asx";
  const FormatRenderer* extension = formatOf(format);
  // Formatted once (Poco allocates for it): the steps and the session both need it.
  auto client = request.clientAddress().host().toString();
  std::shared_ptr<const SessionPlan> plan;
  try {
    plan = planner_.plan(context.target.path, context.site, context.mime,
                         [&] { return playlistRequest(context, request, client); });
  } catch (const std::system_error&) {
    throw core::HttpError(404, "no such playlist");
  } catch (const core::InputError& e) {
    for (const auto& d : e.diagnostics()) Poco::Logger::get("interlude.playlists").error(d.str());
    throw core::HttpError(500, "the playlist cannot be used: " + e.diagnostics().front().message);
  }

  const auto now = std::chrono::system_clock::now();
  // The session's own values only: its plan, entries included, is not copied.
  SessionStart session = startOf(plan->session, now);
  session.viewer = std::move(client);
  // HEAD answers the same headers from a session that is never stored: asking
  // about a playlist takes no viewer's place.
  const bool head = request.getMethod() == Poco::Net::HTTPRequest::HTTP_HEAD;
  if (!head && !sessions_.start(plan->session, session, plan->stored, now)) {
    response.set("Retry-After", std::to_string(kRetryAfterSeconds));
    throw core::HttpError(503, "this playlist has its maximum of " +
                                   std::to_string(plan->session.maxClients) +
                                   " viewers; try again later");
  }

  if (extension) {
    renderExtension(*extension, *plan, session, context, request, response);
    return;
  }
  // The format's transformation runs once per plan; each session fills in its own values.
  const auto& title = plan->title;
  const auto& author = plan->author;
  const auto baseUrl = core::baseUrlOf(request);
  const auto key = plan->stored.key + '\n' + format + '\n' + baseUrl + '\n' + title + '\n' + author;
  const auto rendered = templates_->get(key, [&] {
    const AsxSessionFields markers{templates_->sessionMarker(), templates_->expiresMarker(),
                                   [&](std::size_t i) { return templates_->tokenMarker(i); }};
    const auto asx = buildAsx(plan->session, title, author, baseUrl, markers);
    return formats_->render(format, asx.get());
  });
  core::TokenClaims claims{session.id, 0, session.expires};
  const auto body = templates_->fill(rendered->body, session.id, isoTime(session.expires),
                                     [&](std::string& out, std::size_t i) {
                                       claims.entry = static_cast<int>(i);
                                       signer_.appendSigned(out, claims);
                                     });
  response.set("Cache-Control", "no-store");
  core::sendText(request, response, 200, rendered->contentType, body);
}

const FormatRenderer* PlaylistRequestHandler::formatOf(const std::string& format) const {
  if (formats_->has(format)) return nullptr;
  if (const auto* renderer = extensions_->format(format)) return renderer;
  auto names = formats_->names();
  for (auto& name : extensions_->formatNames()) names.push_back(std::move(name));
  std::sort(names.begin(), names.end());
  std::string known;
  for (const auto& name : names) known += (known.empty() ? "" : ", ") + name;
  throw core::HttpError(404, "unknown format \"" + format + "\"; this site has: " + known);
}

void PlaylistRequestHandler::renderExtension(const FormatRenderer& renderer,
                                             const SessionPlan& plan, const SessionStart& start,
                                             const core::RequestContext& context,
                                             Poco::Net::HTTPServerRequest& request,
                                             Poco::Net::HTTPServerResponse& response) const {
  Session session = plan.session;
  session.id = start.id;
  session.expires = start.expires;
  session.delivered.assign(session.entries.size(), 0);
  const auto baseUrl = core::baseUrlOf(request);
  std::vector<std::string> urls;
  urls.reserve(session.entries.size());
  core::TokenClaims claims{session.id, 0, session.expires};
  for (std::size_t i = 0; i < session.entries.size(); ++i) {
    claims.entry = static_cast<int>(i);
    urls.push_back(baseUrl + kEntryPrefix + signer_.sign(claims));
  }
  const auto asked = playlistRequest(context, request, start.viewer);
  const auto rendered =
      renderer.render(SessionDocument{session, urls, asked, baseUrl, plan.title, plan.author});
  response.set("Cache-Control", "no-store");
  core::sendText(request, response, 200, rendered.contentType, rendered.body);
}

}  // namespace interlude::playlists
