#include "interlude/throttling/SniffTool.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <iomanip>

#include "interlude/throttling/Sniff.h"

namespace interlude::throttling {
namespace {

Poco::JSON::Object::Ptr toJson(const std::string& file, const MediaInfo& info) {
  Poco::JSON::Object::Ptr row = new Poco::JSON::Object;
  row->set("file", file);
  row->set("container", info.container);
  row->set("known", info.known());
  row->set("duration", info.durationSeconds);
  row->set("bitrate", info.bitrate);
  Poco::JSON::Array streams;
  for (const auto& stream : info.streams) {
    Poco::JSON::Object s;
    s.set("kind", stream.kind);
    s.set("codec", stream.codec);
    if (stream.bitrate) s.set("bitrate", *stream.bitrate);
    streams.add(s);
  }
  row->set("streams", streams);
  row->set(info.known() ? "method" : "reason", info.known() ? info.method : info.reason);
  return row;
}

std::string streamsText(const MediaInfo& info) {
  std::string text;
  for (const auto& stream : info.streams) {
    if (!text.empty()) text += ",";
    text += stream.kind + ":" + (stream.codec.empty() ? "?" : stream.codec);
    if (stream.bitrate) text += "@" + std::to_string(*stream.bitrate / 1000) + "k";
  }
  return text.empty() ? "-" : text;
}

}  // namespace

int printSniffs(const std::vector<std::string>& files, bool json, std::ostream& out) {
  int status = 0;
  Poco::JSON::Array rows;
  for (const auto& file : files) {
    const auto info = sniffFile(file);
    if (!info.known()) status = 1;
    if (json) {
      rows.add(toJson(file, info));
      continue;
    }
    out << file << "\t" << info.container << "\t";
    if (info.known()) {
      out << std::fixed << std::setprecision(3) << info.durationSeconds << " s\t"
          << info.bitrate / 1000 << " kbit/s\t" << streamsText(info) << "\t" << info.method;
    } else {
      out << "unknown: " << info.reason;
    }
    out << "\n";
  }
  if (json) {
    rows.stringify(out, 2);
    out << "\n";
  }
  return status;
}

}  // namespace interlude::throttling
