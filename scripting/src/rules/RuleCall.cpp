#include "RuleCall.h"

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include "AbortGuard.h"
#include "interlude/core/Text.h"

namespace interlude::scripting::rules {
namespace {

std::string_view trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// The name=value pairs of a Cookie header ("a=1; b=2"), as sent.
void splitCookies(std::string_view text, RuleCall::Pairs& out) {
  while (!text.empty()) {
    const auto end = text.find(';');
    const auto pair = trimmed(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    out.emplace_back(pair.substr(0, eq),
                     eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1));
  }
}

}  // namespace

RuleCall::RuleCall(const playlists::PlaylistRequest& asked, const std::string& viewerCookie)
    : request(asked),
      now(std::chrono::system_clock::now()),
      time(std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count()),
      session(asked.path),
      viewerCookie_(viewerCookie) {
  pick.overCap = &overCap;
}

const std::string* RuleCall::first(const Pairs& pairs, std::string_view name) {
  const auto it = std::find_if(pairs.begin(), pairs.end(),
                               [&](const auto& pair) { return pair.first == name; });
  return it == pairs.end() ? nullptr : &it->second;
}

const RuleCall::Pairs& RuleCall::query() {
  if (!query_) query_ = core::decodeQuery(request.query);
  return *query_;
}

const RuleCall::Pairs& RuleCall::cookies() {
  if (!cookies_) {
    cookies_.emplace();
    if (const auto it = request.headers.find("cookie"); it != request.headers.end()) {
      splitCookies(it->second, *cookies_);
    }
  }
  return *cookies_;
}

const std::string& RuleCall::viewer() {
  if (!viewer_) {
    const auto* cookie = first(cookies(), viewerCookie_);
    viewer_ = cookie && !cookie->empty() ? *cookie : request.clientIp;
  }
  return *viewer_;
}

playlists::ResolvedEntry& RuleCall::make() {
  if (made.size() >= kMaxMade) {
    throw std::length_error("more than " + std::to_string(kMaxMade) + " entries made in one call");
  }
  return *made.emplace_back(std::make_unique<playlists::ResolvedEntry>());
}

void RuleCall::enter(lua_State* L) {
  auto& guard = AbortGuard::of(L);
  serial = guard.nextSerial();
  guard.setCallData(this);
}

RuleCall& RuleCall::current(lua_State* L) {
  auto* call = static_cast<RuleCall*>(AbortGuard::of(L).callData());
  if (!call) luaL_error(L, "only available while a hook runs");
  return *call;
}

void RuleCall::preparePick(bool targeted) {
  if (!viewerPrepared_) {
    pick.viewer = viewer();
    viewerPrepared_ = true;
  }
  if (!targeted || contextPrepared_) return;
  auto& context = pick.context;
  context.query.insert(query().begin(), query().end());  // keeps the first of a name
  context.headers.insert(request.headers.begin(), request.headers.end());
  if (const auto it = request.headers.find("user-agent"); it != request.headers.end()) {
    context.userAgent = it->second;
  }
  Poco::Net::IPAddress address;
  if (Poco::Net::IPAddress::tryParse(request.clientIp, address)) context.client = address;
  contextPrepared_ = true;
}

}  // namespace interlude::scripting::rules
