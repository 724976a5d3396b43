#include "interlude/scripting/AdCounters.h"

#include <charconv>

namespace interlude::scripting {
namespace {

using std::chrono::seconds;

// Impressions outlive the flight a while, for reports; without an end, a year.
constexpr auto kImpressionsAfterFlight = std::chrono::days(30);
constexpr auto kImpressionsWithoutEnd = std::chrono::days(366);

std::int64_t number(const std::optional<std::string>& value) {
  std::int64_t n = 0;
  if (value) std::from_chars(value->data(), value->data() + value->size(), n);
  return n;
}

std::string impressionsKey(const AdCampaign& campaign) { return "ads:imp:" + campaign.id; }

// The rest of the cap window `now` is in, so that the counter ends with it.
seconds windowLeft(const AdCampaign& campaign, AdCounters::Clock::time_point now) {
  const auto period = campaign.cap->period.count();
  const auto since = std::chrono::floor<seconds>(now.time_since_epoch()).count();
  return seconds(period - since % period);
}

}  // namespace

// One allocation: a pick that meets a cap builds it two or three times.
std::string AdCounters::capKey(const AdCampaign& campaign, const std::string& viewer,
                               Clock::time_point now) {
  constexpr std::string_view kPrefix = "ads:cap:";
  const auto since = std::chrono::floor<seconds>(now.time_since_epoch()).count();
  char window[24];
  const auto end =
      std::to_chars(window, window + sizeof window, since / campaign.cap->period.count()).ptr;
  std::string key;
  key.reserve(kPrefix.size() + campaign.id.size() + viewer.size() + 2 + (end - window));
  key.append(kPrefix).append(campaign.id).append(1, ':').append(viewer).append(1, ':');
  key.append(window, end);
  return key;
}

bool AdCounters::takeCap(const AdCampaign& campaign, const std::string& viewer,
                         Clock::time_point now) {
  if (!campaign.cap) return true;
  const auto key = capKey(campaign, viewer, now);
  const auto ttl = windowLeft(campaign, now);
  if (store_.increment(key, 1, ttl) <= campaign.cap->impressions) return true;
  store_.increment(key, -1, ttl);
  return false;
}

void AdCounters::releaseCap(const AdCampaign& campaign, const std::string& viewer,
                            Clock::time_point now) {
  if (campaign.cap) store_.increment(capKey(campaign, viewer, now), -1, windowLeft(campaign, now));
}

std::int64_t AdCounters::impressions(const AdCampaign& campaign) {
  return number(store_.get(impressionsKey(campaign)));
}

void AdCounters::recordImpression(const AdCampaign& campaign, Clock::time_point now) {
  const auto ttl = campaign.end ? std::chrono::ceil<seconds>(*campaign.end - now) +
                                      std::chrono::duration_cast<seconds>(kImpressionsAfterFlight)
                                : std::chrono::duration_cast<seconds>(kImpressionsWithoutEnd);
  store_.increment(impressionsKey(campaign), 1, std::max(ttl, seconds(1)));
}

}  // namespace interlude::scripting
