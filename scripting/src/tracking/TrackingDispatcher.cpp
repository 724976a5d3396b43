#include "interlude/scripting/TrackingDispatcher.h"

#include <Poco/URI.h>

#include "interlude/core/HttpGet.h"

namespace interlude::scripting {
namespace {

constexpr std::chrono::milliseconds kFirstBackoff{200};

}  // namespace

TrackingDispatcher::TrackingDispatcher(TrackingSettings settings, core::MetricsRegistry& metrics,
                                       Poco::Logger& log)
    : settings_(settings),
      log_(log),
      sent_(metrics.counter("interlude_ad_tracking_hits_total",
                            "Third-party ad tracking URLs fired, by outcome", "result=\"sent\"")),
      failed_(metrics.counter("interlude_ad_tracking_hits_total",
                              "Third-party ad tracking URLs fired, by outcome",
                              "result=\"failed\"")),
      dropped_(metrics.counter("interlude_ad_tracking_hits_total",
                               "Third-party ad tracking URLs fired, by outcome",
                               "result=\"dropped\"")),
      thread_([this] { run(); }) {}

TrackingDispatcher::~TrackingDispatcher() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

bool TrackingDispatcher::fire(std::string url, std::shared_ptr<const core::HttpsTrust> trust) {
  {
    const std::lock_guard lock(mutex_);
    if (queue_.size() + retries_.size() < settings_.queueSize) {
      queue_.push_back({std::move(url), std::move(trust), 0});
      wake_.notify_one();
      return true;
    }
  }
  dropped_.add();
  log_.warning("ad tracking queue full (%z hits): dropped %s", settings_.queueSize, url);
  return false;
}

void TrackingDispatcher::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    const auto now = Clock::now();
    if (!retries_.empty() && retries_.begin()->first <= now) {
      queue_.push_back(std::move(retries_.begin()->second));
      retries_.erase(retries_.begin());
    }
    if (queue_.empty()) {
      if (retries_.empty()) {
        wake_.wait(lock);
      } else {
        wake_.wait_until(lock, retries_.begin()->first);
      }
      continue;
    }
    auto hit = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    const auto outcome = send(hit);
    lock.lock();
    if (outcome == Outcome::Sent) {
      sent_.add();
    } else if (outcome == Outcome::Failed) {
      retryLater(std::move(hit));
    } else {
      failed_.add();
    }
  }
}

void TrackingDispatcher::retryLater(Hit hit) {
  if (hit.attempt >= settings_.retries) {
    failed_.add();
    log_.warning("ad tracking URL failed after %d attempts: %s", hit.attempt + 1, hit.url);
    return;
  }
  const auto backoff = kFirstBackoff * (1 << hit.attempt);
  ++hit.attempt;
  retries_.emplace(Clock::now() + backoff, std::move(hit));
}

TrackingDispatcher::Outcome TrackingDispatcher::send(const Hit& hit) const {
  try {
    const Poco::URI uri(hit.url);
    if (uri.getScheme() != "http" && uri.getScheme() != "https") {
      log_.warning("ad tracking URL not fired (only http and https are supported): %s", hit.url);
      return Outcome::Unsupported;
    }
    const auto answer =
        core::httpGet(uri, settings_.timeout, "Interlude ad tracking", 0, false, hit.trust.get());
    return answer.status < 400 ? Outcome::Sent : Outcome::Failed;
  } catch (const Poco::Exception& e) {
    log_.information("ad tracking URL %s: %s", hit.url, e.displayText());
    return Outcome::Failed;
  }
}

}  // namespace interlude::scripting
