#include "VastReader.h"

#include <algorithm>
#include <cstdlib>
#include <stdexcept>

#include "interlude/core/Diagnostic.h"
#include "interlude/core/XmlDocument.h"
#include "interlude/scripting/VastTime.h"

namespace interlude::scripting {
namespace {

using core::xmlAttribute;
using core::xmlIsElement;

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

std::string textOf(const xmlNode* node) { return trimmed(core::xmlText(node)); }

const xmlNode* firstChild(const xmlNode* parent, const char* name) {
  for (auto* node = parent ? parent->children : nullptr; node; node = node->next) {
    if (xmlIsElement(node, name)) return node;
  }
  return nullptr;
}

template <class F>
void eachChild(const xmlNode* parent, const char* name, F&& f) {
  for (auto* node = parent ? parent->children : nullptr; node; node = node->next) {
    if (xmlIsElement(node, name)) f(node);
  }
}

unsigned number(const xmlNode* node, const char* attribute) {
  return static_cast<unsigned>(std::strtoul(xmlAttribute(node, attribute).c_str(), nullptr, 10));
}

void addTracking(AdCreative& creative, const std::string& event, const std::string& url) {
  if (!url.empty()) creative.tracking.push_back({event, url});
}

// The first Linear creative of an InLine or a Wrapper.
const xmlNode* linearOf(const xmlNode* ad) {
  const xmlNode* found = nullptr;
  eachChild(firstChild(ad, "Creatives"), "Creative", [&](const xmlNode* creative) {
    if (!found) found = firstChild(creative, "Linear");
  });
  return found;
}

// How well a MediaFile fits: lower is better; nothing when it does not play.
std::optional<std::pair<unsigned, std::size_t>> fit(const xmlNode* file,
                                                    const ExternalVast::Options& options) {
  const auto delivery = xmlAttribute(file, "delivery");
  if (!delivery.empty() && delivery != "progressive") return std::nullopt;
  const auto type =
      std::find(options.types.begin(), options.types.end(), xmlAttribute(file, "type"));
  if (type == options.types.end() || textOf(file).empty()) return std::nullopt;
  const auto bitrate = number(file, "bitrate");
  const auto distance =
      options.targetBitrateKbps
          ? static_cast<unsigned>(
                std::abs(static_cast<long>(bitrate) - static_cast<long>(options.targetBitrateKbps)))
          : ~bitrate;
  return std::pair{distance, static_cast<std::size_t>(type - options.types.begin())};
}

void readMedia(const xmlNode* linear, const ExternalVast::Options& options, AdCreative& creative) {
  const xmlNode* best = nullptr;
  std::pair<unsigned, std::size_t> bestFit;
  eachChild(firstChild(linear, "MediaFiles"), "MediaFile", [&](const xmlNode* file) {
    const auto f = fit(file, options);
    if (f && (!best || *f < bestFit)) {
      best = file;
      bestFit = *f;
    }
  });
  if (!best) throw std::runtime_error("no playable progressive MediaFile");
  creative.src = textOf(best);
  creative.mimeType = xmlAttribute(best, "type");
  creative.bitrateKbps = number(best, "bitrate");
  creative.width = number(best, "width");
  creative.height = number(best, "height");
  const auto duration = parseVastTime(textOf(firstChild(linear, "Duration")));
  if (!duration) throw std::runtime_error("no valid Linear Duration");
  creative.durationSeconds = *duration;
  creative.clickThrough = textOf(firstChild(firstChild(linear, "VideoClicks"), "ClickThrough"));
  creative.id = xmlAttribute(linear->parent, "id");
}

// Impressions, errors, tracking events and click trackers: an inline's and a wrapper's alike.
void readTracking(const xmlNode* ad, const xmlNode* linear, ExternalAd& out) {
  eachChild(ad, "Impression",
            [&](const xmlNode* n) { addTracking(out.creative, "impression", textOf(n)); });
  eachChild(ad, "Error", [&](const xmlNode* n) {
    if (const auto url = textOf(n); !url.empty()) out.errors.push_back(url);
  });
  eachChild(firstChild(linear, "TrackingEvents"), "Tracking", [&](const xmlNode* n) {
    addTracking(out.creative, xmlAttribute(n, "event"), textOf(n));
  });
  eachChild(firstChild(linear, "VideoClicks"), "ClickTracking",
            [&](const xmlNode* n) { addTracking(out.creative, "clickTracking", textOf(n)); });
}

}  // namespace

VastReading readVast(const std::string& text, const ExternalVast::Options& options) {
  const auto doc = [&] {
    try {
      return core::XmlDocument::parseText(text, "VAST");
    } catch (const core::InputError& e) {
      throw std::runtime_error(std::string("not XML: ") + e.what());
    }
  }();
  const auto* root = doc.root();
  if (!xmlIsElement(root, "VAST")) throw std::runtime_error("the root is not <VAST>");
  const auto* ad = firstChild(root, "Ad");
  if (!ad) throw std::runtime_error("no <Ad>");
  VastReading reading;
  const auto* body = firstChild(ad, "InLine");
  if (!body) {
    body = firstChild(ad, "Wrapper");
    if (!body) throw std::runtime_error("an <Ad> with neither InLine nor Wrapper");
    reading.wrapper = true;
    reading.tagUri = textOf(firstChild(body, "VASTAdTagURI"));
    if (reading.tagUri.empty()) throw std::runtime_error("a Wrapper without VASTAdTagURI");
  }
  const auto* linear = linearOf(body);
  readTracking(body, linear, reading.ad);
  if (reading.wrapper) return reading;
  if (!linear) throw std::runtime_error("an InLine without a Linear creative");
  reading.ad.adSystem = textOf(firstChild(body, "AdSystem"));
  reading.ad.title = textOf(firstChild(body, "AdTitle"));
  readMedia(linear, options, reading.ad.creative);
  return reading;
}

}  // namespace interlude::scripting
