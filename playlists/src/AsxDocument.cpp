#include "interlude/playlists/AsxDocument.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>

#include <cmath>
#include <cstdio>

namespace interlude::playlists {
namespace {

const xmlChar* x(const char* s) { return reinterpret_cast<const xmlChar*>(s); }
const xmlChar* x(const std::string& s) { return x(s.c_str()); }

xmlNode* addText(xmlNode* parent, const char* name, const std::string& text) {
  // xmlNewTextChild escapes the text.
  return xmlNewTextChild(parent, nullptr, x(name), x(text));
}

void addParam(xmlNode* parent, const char* name, const std::string& value) {
  xmlNode* param = xmlNewChild(parent, nullptr, x("param"), nullptr);
  xmlNewProp(param, x("name"), x(name));
  xmlNewProp(param, x("value"), x(value));
}

const char* flag(bool value) { return value ? "true" : "false"; }

std::string clock(double seconds) {
  const auto whole = static_cast<long long>(seconds);
  const auto hundredths =
      static_cast<int>(std::lround((seconds - static_cast<double>(whole)) * 100)) % 100;
  char text[40];
  std::snprintf(text, sizeof text, "%02lld:%02lld:%02lld.%02d", whole / 3600, whole / 60 % 60,
                whole % 60, hundredths);
  return text;
}

}  // namespace

std::string isoTime(std::int64_t epochSeconds) {
  return Poco::DateTimeFormatter::format(Poco::Timestamp::fromEpochTime(epochSeconds),
                                         Poco::DateTimeFormat::ISO8601_FORMAT);
}

core::XmlDocPtr buildAsx(const Session& session, const std::string& title,
                         const std::string& author, const std::string& baseUrl,
                         const core::TokenSigner& signer) {
  return buildAsx(session, title, author, baseUrl,
                  {session.id, isoTime(session.expires), [&](std::size_t i) {
                     return signer.sign({session.id, static_cast<int>(i), session.expires});
                   }});
}

core::XmlDocPtr buildAsx(const Session& session, const std::string& title,
                         const std::string& author, const std::string& baseUrl,
                         const AsxSessionFields& fields) {
  core::XmlDocPtr doc(xmlNewDoc(x("1.0")));
  xmlNode* asx = xmlNewNode(nullptr, x("asx"));
  xmlDocSetRootElement(doc.get(), asx);
  xmlNewProp(asx, x("version"), x("3.0"));
  if (!title.empty()) addText(asx, "title", title);
  if (!author.empty()) addText(asx, "author", author);
  addParam(asx, "session", fields.session);
  addParam(asx, "expires", fields.expires);
  for (std::size_t i = 0; i < session.entries.size(); ++i) {
    const auto& e = session.entries[i];
    xmlNode* entry = xmlNewChild(asx, nullptr, x("entry"), nullptr);
    xmlNewProp(entry, x("clientskip"),
               x(e.permissions.canSkipForward && e.required == 0 ? "yes" : "no"));
    if (!e.title.empty()) addText(entry, "title", e.title);
    if (!e.author.empty()) addText(entry, "author", e.author);
    for (const auto& first : e.firstRefs) {
      xmlNewProp(xmlNewChild(entry, nullptr, x("ref"), nullptr), x("href"), x(first));
    }
    const auto token = fields.token(i);
    xmlNode* ref = xmlNewChild(entry, nullptr, x("ref"), nullptr);
    xmlNewProp(ref, x("href"), x(baseUrl + kEntryPrefix + token));
    if (e.durationSeconds) {
      xmlNode* duration = xmlNewChild(entry, nullptr, x("duration"), nullptr);
      xmlNewProp(duration, x("value"), x(clock(*e.durationSeconds)));
    }
    addParam(entry, "index", std::to_string(i));
    addParam(entry, "kind", e.kind == EntryKind::Ad ? "ad" : "content");
    addParam(entry, "canSeek", flag(e.permissions.canSeek));
    addParam(entry, "canSkipForward", flag(e.permissions.canSkipForward));
    addParam(entry, "canSkipBack", flag(e.permissions.canSkipBack));
    if (!e.mediaType.empty()) addParam(entry, "mediaType", e.mediaType);
  }
  return doc;
}

}  // namespace interlude::playlists
