#include "interlude/playlists/Session.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <sstream>
#include <stdexcept>

namespace interlude::playlists {
namespace {

using Poco::JSON::Object;

std::string describe(const SessionEntry& e, std::size_t index) {
  return "entry " + std::to_string(index + 1) + (e.title.empty() ? "" : " (\"" + e.title + "\")");
}

// The plan is written once per playlist request: by hand, in one buffer, because
// building it through Poco::JSON objects cost a third of the request. It is read
// back with Poco's parser.
class JsonWriter {
 public:
  JsonWriter& key(std::string_view name) {
    out_ += first_ ? "\"" : ",\"";
    out_ += name;
    out_ += "\":";
    first_ = false;
    return *this;
  }
  JsonWriter& string(std::string_view text) {
    out_ += '"';
    for (unsigned char c : text) {
      if (c == '"' || c == '\\') {
        out_ += '\\';
        out_ += static_cast<char>(c);
      } else if (c < 0x20) {
        char escaped[8];
        std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
        out_ += escaped;
      } else {
        out_ += static_cast<char>(c);
      }
    }
    out_ += '"';
    return *this;
  }
  JsonWriter& boolean(bool value) {
    out_ += value ? "true" : "false";
    return *this;
  }
  template <class Number>
  JsonWriter& number(Number value) {
    char text[32];
    const auto end = std::to_chars(text, text + sizeof text, value).ptr;  // shortest round trip
    out_.append(text, end);
    return *this;
  }
  JsonWriter& raw(std::string_view text) {
    out_ += text;
    return *this;
  }
  JsonWriter& open(char bracket) {
    out_ += bracket;
    first_ = true;
    return *this;
  }
  JsonWriter& close(char bracket) {
    out_ += bracket;
    first_ = false;
    return *this;
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
  bool first_ = true;
};

void writeEntry(JsonWriter& w, const SessionEntry& e) {
  w.open('{');
  w.key("kind").string(e.kind == EntryKind::Ad ? "ad" : "content");
  w.key("title").string(e.title);
  w.key("author").string(e.author);
  w.key("local").boolean(e.local);
  w.key("target").string(e.target);
  if (!e.firstRefs.empty()) {
    w.key("firstRefs").open('[');
    for (std::size_t i = 0; i < e.firstRefs.size(); ++i) {
      if (i > 0) w.raw(",");
      w.string(e.firstRefs[i]);
    }
    w.close(']');
  }
  w.key("mediaType").string(e.mediaType);
  w.key("size").number(e.size);
  w.key("required").number(e.required);
  if (e.durationSeconds) w.key("duration").number(*e.durationSeconds);
  w.key("canSeek").boolean(e.permissions.canSeek);
  w.key("canSkipForward").boolean(e.permissions.canSkipForward);
  w.key("canSkipBack").boolean(e.permissions.canSkipBack);
  if (!e.adId.empty()) w.key("adId").string(e.adId);
  w.close('}');
}

SessionEntry entryFrom(const Object::Ptr& o) {
  SessionEntry e;
  e.kind = o->getValue<std::string>("kind") == "ad" ? EntryKind::Ad : EntryKind::Content;
  e.title = o->getValue<std::string>("title");
  e.author = o->getValue<std::string>("author");
  e.local = o->getValue<bool>("local");
  e.target = o->getValue<std::string>("target");
  if (const auto refs = o->getArray("firstRefs")) {
    for (std::size_t i = 0; i < refs->size(); ++i)
      e.firstRefs.push_back(refs->getElement<std::string>(i));
  }
  e.mediaType = o->getValue<std::string>("mediaType");
  e.size = o->getValue<std::uint64_t>("size");
  e.required = o->getValue<std::uint64_t>("required");
  if (o->has("duration")) e.durationSeconds = o->getValue<double>("duration");
  e.permissions = {o->getValue<bool>("canSeek"), o->getValue<bool>("canSkipForward"),
                   o->getValue<bool>("canSkipBack")};
  if (o->has("adId")) e.adId = o->getValue<std::string>("adId");
  return e;
}

}  // namespace

std::string Session::planJson() const {
  JsonWriter w;
  w.open('{');
  w.key("site").string(site);
  w.key("playlist").string(playlist);
  w.key("inactivity").number(inactivitySeconds);
  w.key("ttl").number(timeToLiveSeconds);
  w.key("maxClients").number(maxClients);
  w.key("entries").open('[');
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (i > 0) w.raw(",");
    writeEntry(w, entries[i]);
  }
  w.close(']').close('}');
  return w.take();
}

std::string progressText(std::int64_t expires, int furthest,
                         const std::vector<std::uint64_t>& delivered) {
  std::string out = std::to_string(expires) + " " + std::to_string(furthest);
  for (auto d : delivered) out += " " + std::to_string(d);
  return out;
}

std::string Session::progressText() const {
  return playlists::progressText(expires, furthest, delivered);
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
  return s.withProgress(progressText);
}

Session Session::withProgress(const std::string& progressText) const {
  Session s = *this;
  s.delivered.clear();
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
