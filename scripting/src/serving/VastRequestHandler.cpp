#include "VastRequestHandler.h"

#include <Poco/Net/NameValueCollection.h>
#include <Poco/String.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <random>

#include "CreativeVastAd.h"
#include "interlude/core/BaseUrl.h"
#include "interlude/core/HttpError.h"
#include "interlude/core/Responses.h"
#include "interlude/core/Text.h"
#include "interlude/scripting/AdDecisioner.h"
#include "interlude/scripting/ExternalVast.h"
#include "interlude/scripting/VastWriter.h"

namespace interlude::scripting {
namespace {

constexpr std::size_t kMaxAds = 10;
constexpr std::int64_t kBeaconSeconds = 86400;

struct Query {
  std::string slot;
  std::size_t max = 1;
  std::unordered_map<std::string, std::string> all;
};

Query readQuery(const Poco::Net::HTTPServerRequest& request) {
  Query query;
  for (const auto& [name, value] : core::decodeQuery(core::queryOf(request.getURI()))) {
    query.all[name] = value;
    if (name == "slot") query.slot = value;
    if (name == "max") {
      try {
        query.max = std::stoul(value);
      } catch (const std::exception&) {
        throw core::HttpError(400, "max is not a number");
      }
      if (query.max < 1 || query.max > kMaxAds) throw core::HttpError(400, "max is 1 to 10");
    }
  }
  if (query.slot.empty()) throw core::HttpError(400, "slot is missing");
  return query;
}

AdPickRequest pickRequest(const Query& query, const Poco::Net::HTTPServerRequest& request,
                          const std::string& viewerCookie) {
  AdPickRequest pick;
  pick.slot = query.slot;
  pick.max = query.max;
  Poco::Net::NameValueCollection cookies;
  request.getCookies(cookies);
  pick.viewer = cookies.get(viewerCookie, request.clientAddress().host().toString());
  pick.context.query = query.all;
  for (const auto& [name, value] : request) pick.context.headers[Poco::toLower(name)] = value;
  pick.context.userAgent = request.get("User-Agent", "");
  pick.context.client = request.clientAddress().host();
  return pick;
}

playlists::PlaylistRequest playlistRequest(const core::RequestContext& context,
                                           const AdPickRequest& pick) {
  playlists::PlaylistRequest out;
  out.path = context.target.path;
  out.query = context.target.query;
  out.site = context.site.name;
  out.headers.insert(pick.context.headers.begin(), pick.context.headers.end());
  if (pick.context.client) out.clientIp = pick.context.client->toString();
  return out;
}

std::string randomSession(std::mt19937_64& random) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(32, '0');
  for (auto& c : id) c = kHex[random() & 15];
  return id;
}

bool isUrl(const std::string& src) {
  return src.rfind("http://", 0) == 0 || src.rfind("https://", 0) == 0;
}

}  // namespace

void VastRequestHandler::handle(core::RequestContext& context,
                                Poco::Net::HTTPServerRequest& request,
                                Poco::Net::HTTPServerResponse& response) const {
  const auto* site = services_->site(site_);
  if (!site) throw core::HttpError(404, "no ads on this site");
  const auto query = readQuery(request);
  auto pick = pickRequest(query, request, site->viewerCookie);
  if (services_->deps.onAdRequest) {
    services_->deps.onAdRequest(site_, playlistRequest(context, pick), pick);
  }
  const auto catalog = services_->catalog(site_);
  thread_local std::mt19937_64 random(std::random_device{}());
  const auto session = randomSession(random);
  const auto baseUrl = core::baseUrlOf(request);
  const auto expires = std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count() +
                       kBeaconSeconds;
  std::vector<VastAd> ads;
  // The external tags of one request share its timeout.
  ExternalVast::Options options;
  options.timeout = site->externalVastTimeout;
  options.deadline = std::chrono::steady_clock::now() + site->externalVastTimeout;
  options.trust = services_->deps.httpsTrust.get();
  const auto external = [&](const std::string& url, const std::string& adId) {
    const auto ad = ExternalVast::fetch(url, options, services_->log);
    if (!ad) return;
    auto vast = creativeVastAd(
        ad->creative, {adId, ad->title, ad->creative.src, 0,
                       services_->beacons.bind(baseUrl, session, ads.size(), adId, expires)});
    vast.adSystem = ad->adSystem.empty() ? vast.adSystem : ad->adSystem;
    vast.errors = ad->errors;
    ads.push_back(std::move(vast));
  };
  if (catalog) {
    AdDecisioner decisioner(services_->store);
    for (const auto& picked : decisioner.pick(*catalog, pick, random)) {
      if (!picked.creative) {
        external(picked.campaign->vastUrl, picked.campaign->id + "/vast");
        continue;
      }
      const auto& creative = *picked.creative;
      const auto adId = picked.campaign->id + "/" + creative.id;
      const auto path =
          creative.src.substr(std::min(creative.src.find_first_not_of('/'), creative.src.size()));
      std::error_code error;
      const auto size =
          isUrl(creative.src) ? 0 : std::filesystem::file_size(root_ + "/" + path, error);
      const auto mediaUrl = isUrl(creative.src) ? creative.src : baseUrl + "/" + path;
      ads.push_back(creativeVastAd(
          creative, {adId,
                     {},
                     mediaUrl,
                     error ? 0 : size,
                     services_->beacons.bind(baseUrl, session, ads.size(), adId, expires)}));
    }
    const auto* slot = catalog->slot(pick.slot);
    if (ads.empty() && slot && !slot->vastUrl.empty()) {
      external(slot->vastUrl, "external/" + pick.slot);
    }
  }
  if (ads.size() > 1) {
    for (std::size_t i = 0; i < ads.size(); ++i) ads[i].sequence = i + 1;
  }
  services_->stats.recordPick(pick.slot, !ads.empty());
  response.set("Cache-Control", "no-store");
  core::sendText(request, response, 200, "application/xml; charset=utf-8",
                 VastWriter(site->vastErrorUrl).document(ads));
}

}  // namespace interlude::scripting
