#pragma once

#include <Poco/AutoPtr.h>
#include <Poco/Channel.h>
#include <Poco/Logger.h>
#include <Poco/Message.h>

#include <mutex>
#include <string>
#include <vector>

namespace interlude::testing {

// Collects what is logged to one logger while alive.
class CapturedLog {
 public:
  explicit CapturedLog(const std::string& logger)
      : logger_(Poco::Logger::get(logger)),
        previous_(logger_.getChannel()),
        channel_(Poco::makeAuto<Collector>()) {
    logger_.setChannel(channel_);
  }
  ~CapturedLog() { logger_.setChannel(previous_); }
  CapturedLog(const CapturedLog&) = delete;
  CapturedLog& operator=(const CapturedLog&) = delete;

  std::vector<std::string> messages() const { return channel_->messages(); }

 private:
  class Collector : public Poco::Channel {
   public:
    void log(const Poco::Message& message) override {
      const std::lock_guard lock(mutex_);
      messages_.push_back(message.getText());
    }
    std::vector<std::string> messages() const {
      const std::lock_guard lock(mutex_);
      return messages_;
    }

   private:
    mutable std::mutex mutex_;
    std::vector<std::string> messages_;
  };

  Poco::Logger& logger_;
  Poco::AutoPtr<Poco::Channel> previous_;
  Poco::AutoPtr<Collector> channel_;
};

}  // namespace interlude::testing
