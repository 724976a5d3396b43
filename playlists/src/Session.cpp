#include "interlude/playlists/Session.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <sstream>
#include <stdexcept>

namespace interlude::playlists {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

std::string describe(const SessionEntry& e, std::size_t index) {
  return "entry " + std::to_string(index + 1) + (e.title.empty() ? "" : " (\"" + e.title + "\")");
}

Object::Ptr entryJson(const SessionEntry& e) {
  Object::Ptr o = new Object;
  o->set("kind", e.kind == EntryKind::Ad ? "ad" : "content");
  o->set("title", e.title);
  o->set("author", e.author);
  o->set("local", e.local);
  o->set("target", e.target);
  o->set("mediaType", e.mediaType);
  o->set("size", e.size);
  o->set("required", e.required);
  if (e.durationSeconds) o->set("duration", *e.durationSeconds);
  o->set("canSeek", e.permissions.canSeek);
  o->set("canSkipForward", e.permissions.canSkipForward);
  o->set("canSkipBack", e.permissions.canSkipBack);
  return o;
}

SessionEntry entryFrom(const Object::Ptr& o) {
  SessionEntry e;
  e.kind = o->getValue<std::string>("kind") == "ad" ? EntryKind::Ad : EntryKind::Content;
  e.title = o->getValue<std::string>("title");
  e.author = o->getValue<std::string>("author");
  e.local = o->getValue<bool>("local");
  e.target = o->getValue<std::string>("target");
  e.mediaType = o->getValue<std::string>("mediaType");
  e.size = o->getValue<std::uint64_t>("size");
  e.required = o->getValue<std::uint64_t>("required");
  if (o->has("duration")) e.durationSeconds = o->getValue<double>("duration");
  e.permissions = {o->getValue<bool>("canSeek"), o->getValue<bool>("canSkipForward"),
                   o->getValue<bool>("canSkipBack")};
  return e;
}

}  // namespace

std::string Session::planJson() const {
  Object root;
  root.set("site", site);
  root.set("playlist", playlist);
  root.set("inactivity", inactivitySeconds);
  root.set("ttl", timeToLiveSeconds);
  root.set("maxClients", maxClients);
  Array list;
  for (const auto& e : entries) list.add(entryJson(e));
  root.set("entries", list);
  std::ostringstream out;
  root.stringify(out);
  return out.str();
}

std::string Session::progressText() const {
  std::string out = std::to_string(expires) + " " + std::to_string(furthest);
  for (auto d : delivered) out += " " + std::to_string(d);
  return out;
}

Session Session::fromParts(const std::string& id, const std::string& planJson,
                           const std::string& progressText) {
  const auto root = Poco::JSON::Parser().parse(planJson).extract<Object::Ptr>();
  Session s;
  s.id = id;
  s.site = root->getValue<std::string>("site");
  s.playlist = root->getValue<std::string>("playlist");
  s.inactivitySeconds = root->getValue<int>("inactivity");
  s.timeToLiveSeconds = root->getValue<int>("ttl");
  s.maxClients = root->getValue<int>("maxClients");
  const auto list = root->getArray("entries");
  for (std::size_t i = 0; i < list->size(); ++i) s.entries.push_back(entryFrom(list->getObject(i)));
  std::istringstream progress(progressText);
  if (!(progress >> s.expires >> s.furthest))
    throw std::invalid_argument("malformed session progress");
  for (std::uint64_t d = 0; s.delivered.size() < s.entries.size() && progress >> d;)
    s.delivered.push_back(d);
  if (s.delivered.size() != s.entries.size())
    throw std::invalid_argument("malformed session progress");
  return s;
}

bool Session::completed(std::size_t entry) const {
  return entries[entry].size > 0 && delivered[entry] >= entries[entry].size;
}

void Session::recordDelivery(std::size_t entry, std::uint64_t first, std::uint64_t count) {
  auto& done = delivered[entry];
  if (first <= done) done = std::max(done, first + count);
}

Decision decide(const Session& session, std::size_t entry, std::uint64_t rangeStart) {
  for (std::size_t j = 0; j < entry; ++j) {
    const auto& before = session.entries[j];
    if (session.delivered[j] < before.required) {
      return {false,
              describe(before, j) + " must play first: " + std::to_string(session.delivered[j]) +
                  " of the " + std::to_string(before.required) +
                  " bytes it needs have been delivered",
              j};
    }
  }
  const auto& e = session.entries[entry];
  if (!e.permissions.canSkipBack &&
      (session.completed(entry) || static_cast<int>(entry) < session.furthest)) {
    return {false, describe(e, entry) + " has been played and cannot be played again", {}};
  }
  if (!e.permissions.canSeek && rangeStart > session.delivered[entry]) {
    return {false,
            describe(e, entry) + " cannot be seeked: it may continue from byte " +
                std::to_string(session.delivered[entry]),
            {}};
  }
  return {};
}

}  // namespace interlude::playlists
