#include "interlude/core/Logging.h"

#include <Poco/AutoPtr.h>
#include <Poco/ConsoleChannel.h>
#include <Poco/FileChannel.h>
#include <Poco/FormattingChannel.h>
#include <Poco/Logger.h>
#include <Poco/NullChannel.h>
#include <Poco/PatternFormatter.h>

#include <filesystem>
#include <iostream>

namespace interlude::core {

void configureErrorLog(const LoggingConfig& logging) {
  Poco::AutoPtr<Poco::Channel> sink;
  if (logging.errorLog == "off") {
    sink = new Poco::NullChannel;
  } else if (logging.errorLog.empty() || logging.errorLog == "-") {
    sink = new Poco::ConsoleChannel(std::cerr);
  } else {
    std::filesystem::create_directories(std::filesystem::path(logging.errorLog).parent_path());
    Poco::AutoPtr<Poco::FileChannel> file(new Poco::FileChannel(logging.errorLog));
    file->open();
    sink = file;
  }
  Poco::AutoPtr<Poco::PatternFormatter> format(
      new Poco::PatternFormatter("%Y-%m-%d %H:%M:%S.%i [%p] %s: %t"));
  Poco::AutoPtr<Poco::FormattingChannel> channel(new Poco::FormattingChannel(format, sink));
  // Set on the root and every existing logger, so loggers fetched earlier follow.
  Poco::Logger::setChannel("", channel);
  Poco::Logger::setLevel("", Poco::Logger::parseLevel(logging.level));
}

}  // namespace interlude::core
