#include "interlude/core/AccessLog.h"

#include <Poco/AsyncChannel.h>
#include <Poco/ConsoleChannel.h>
#include <Poco/FileChannel.h>
#include <Poco/Message.h>

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>

#include "interlude/core/Version.h"

namespace interlude::core {
namespace {

std::string orDash(const std::string& value) { return value.empty() ? "-" : value; }

// Quoted fields of the combined format escape quotes, backslashes and control bytes.
std::string quoted(const std::string& value) {
  if (value.empty()) return "\"-\"";
  std::string out = "\"";
  for (unsigned char c : value) {
    if (c == '"' || c == '\\' || c < 0x20 || c >= 0x7f) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02X", c);
      out += hex;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

// W3C fields are space-separated: spaces become '+', like IIS writes them.
std::string w3cField(const std::string& value) {
  if (value.empty()) return "-";
  std::string out;
  for (unsigned char c : value)
    out += (c == ' ') ? '+' : (c < 0x20 || c == 0x7f) ? '?' : static_cast<char>(c);
  return out;
}

std::string timeText(std::time_t now, const char* format, bool utc) {
  std::tm tm{};
  if (utc) {
    gmtime_r(&now, &tm);
  } else {
    localtime_r(&now, &tm);
  }
  char buffer[64];
  std::strftime(buffer, sizeof buffer, format, &tm);
  return buffer;
}

}  // namespace

AccessLog::AccessLog(const LoggingConfig& config) : format_(config.accessFormat) {
  const std::string& path = config.accessLog;
  if (path.empty() || path == "off") return;
  Poco::AutoPtr<Poco::Channel> sink;
  if (path == "-") {
    sink = new Poco::ConsoleChannel(std::cout);
  } else {
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    Poco::AutoPtr<Poco::FileChannel> file(new Poco::FileChannel(path));
    file->open();  // fail now, naming the file, rather than on the first request
    sink = file;
  }
  // Requests hand lines to a queue; one thread writes them.
  channel_ = new Poco::AsyncChannel(sink);
  channel_->open();
  if (format_ == AccessLogFormat::W3C) {
    channel_->log(Poco::Message("interlude.access", w3cHeader(std::time(nullptr)),
                                Poco::Message::PRIO_INFORMATION));
  }
}

AccessLog::~AccessLog() {
  if (!channel_.isNull()) channel_->close();
}

void AccessLog::write(const AccessRecord& record) const {
  if (channel_.isNull()) return;
  const auto now = std::time(nullptr);
  const auto line =
      format_ == AccessLogFormat::W3C ? formatW3C(record, now) : formatCombined(record, now);
  channel_->log(Poco::Message("interlude.access", line, Poco::Message::PRIO_INFORMATION));
}

std::string AccessLog::formatCombined(const AccessRecord& r, std::time_t now) {
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.3f", r.seconds);
  return orDash(r.clientIp) + " - - [" + timeText(now, "%d/%b/%Y:%H:%M:%S %z", false) + "] " +
         quoted(r.method + " " + r.target + " " + r.version) + " " + std::to_string(r.status) +
         " " + std::to_string(r.bytes) + " " + quoted(r.referer) + " " + quoted(r.userAgent) + " " +
         seconds;
}

std::string AccessLog::formatW3C(const AccessRecord& r, std::time_t now) {
  const auto question = r.target.find('?');
  const std::string stem = r.target.substr(0, question);
  const std::string query = question == std::string::npos ? "" : r.target.substr(question + 1);
  return timeText(now, "%Y-%m-%d %H:%M:%S", true) + " " + w3cField(r.serverIp) + " " +
         w3cField(r.method) + " " + w3cField(stem) + " " + w3cField(query) + " " +
         std::to_string(r.serverPort) + " " + w3cField(r.clientIp) + " " + w3cField(r.userAgent) +
         " " + w3cField(r.referer) + " " + std::to_string(r.status) + " " +
         std::to_string(r.bytes) + " " +
         std::to_string(static_cast<long long>(r.seconds * 1000.0 + 0.5));
}

std::string AccessLog::w3cHeader(std::time_t now) {
  return "#Software: Interlude " + std::string(kVersion) +
         "\n#Version: 1.0\n#Date: " + timeText(now, "%Y-%m-%d %H:%M:%S", true) +
         "\n#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port c-ip cs(User-Agent) "
         "cs(Referer) sc-status sc-bytes time-taken";
}

}  // namespace interlude::core
