#include "interlude/scripting/ExternalVast.h"

#include <Poco/Net/HTTPResponse.h>
#include <Poco/URI.h>

#include <algorithm>
#include <stdexcept>

#include "VastReader.h"
#include "interlude/core/HttpGet.h"

namespace interlude::scripting {
namespace {

constexpr std::size_t kMaxDocument = 1 << 20;

std::string get(const Poco::URI& uri, const ExternalVast::Options& options) {
  auto timeout = options.timeout;
  if (options.deadline) {
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(
        *options.deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) throw std::runtime_error("out of time");
    timeout = std::min(timeout, left);
  }
  auto answer = core::httpGet(uri, timeout, "Interlude", kMaxDocument, true, options.trust);
  if (answer.status != Poco::Net::HTTPResponse::HTTP_OK) {
    throw std::runtime_error("HTTP " + std::to_string(answer.status));
  }
  return std::move(answer.body);
}

void merge(ExternalAd& into, ExternalAd&& wrapper) {
  into.errors.insert(into.errors.end(), wrapper.errors.begin(), wrapper.errors.end());
  auto& tracking = into.creative.tracking;
  tracking.insert(tracking.end(), wrapper.creative.tracking.begin(),
                  wrapper.creative.tracking.end());
}

}  // namespace

std::optional<ExternalAd> ExternalVast::fetch(const std::string& url, const Options& options,
                                              Poco::Logger& log) {
  ExternalAd wrappers;
  Poco::URI next;
  try {
    next = Poco::URI(url);
    for (int depth = 0; depth <= options.maxWrappers; ++depth) {
      auto reading = readVast(get(next, options), options);
      if (!reading.wrapper) {
        merge(reading.ad, std::move(wrappers));
        return std::move(reading.ad);
      }
      merge(wrappers, std::move(reading.ad));
      next = Poco::URI(next, reading.tagUri);
    }
    log.warning("external VAST %s: more than %d wrappers", url, options.maxWrappers);
  } catch (const Poco::Exception& e) {
    log.warning("external VAST %s (at %s): %s", url, next.toString(), e.displayText());
  } catch (const std::exception& e) {
    log.warning("external VAST %s (at %s): %s", url, next.toString(), std::string(e.what()));
  }
  return std::nullopt;
}

}  // namespace interlude::scripting
