#include "interlude/scripting/VastWriter.h"

#include <memory>

#include "interlude/core/XmlDocument.h"
#include "interlude/scripting/UrlText.h"
#include "interlude/scripting/VastTime.h"

namespace interlude::scripting {
namespace {

const xmlChar* x(const char* text) { return reinterpret_cast<const xmlChar*>(text); }
const xmlChar* x(const std::string& text) { return x(text.c_str()); }

xmlNode* child(xmlNode* parent, const char* name, const std::string& text = {}) {
  return xmlNewTextChild(parent, nullptr, x(name), text.empty() ? nullptr : x(text));
}

xmlNode* urlChild(xmlNode* parent, const char* name, const std::string& url) {
  return child(parent, name, percentEncodeUrl(url));
}

void attribute(xmlNode* node, const char* name, const std::string& value) {
  xmlNewProp(node, x(name), x(value));
}

void appendMediaFile(xmlNode* files, const VastAd::MediaFile& file) {
  auto* node = urlChild(files, "MediaFile", file.url);
  attribute(node, "delivery", file.delivery);
  attribute(node, "type", file.type);
  attribute(node, "width", std::to_string(file.width));
  attribute(node, "height", std::to_string(file.height));
  if (file.bitrateKbps) attribute(node, "bitrate", std::to_string(file.bitrateKbps));
  if (file.fileSize) attribute(node, "fileSize", std::to_string(file.fileSize));
}

void appendLinear(xmlNode* creatives, const VastAd& ad) {
  auto* creative = child(creatives, "Creative");
  attribute(creative, "id", ad.creativeId);
  if (ad.sequence) attribute(creative, "sequence", std::to_string(ad.sequence));
  attribute(child(creative, "UniversalAdId", ad.creativeId), "idRegistry", "Interlude");
  auto* linear = child(creative, "Linear");
  child(linear, "Duration", vastTime(ad.durationSeconds));
  auto* tracking = child(linear, "TrackingEvents");
  for (const auto& event : ad.tracking) {
    attribute(urlChild(tracking, "Tracking", event.url), "event", event.event);
  }
  if (!ad.clickThrough.empty() || !ad.clickTracking.empty()) {
    auto* clicks = child(linear, "VideoClicks");
    if (!ad.clickThrough.empty()) urlChild(clicks, "ClickThrough", ad.clickThrough);
    for (const auto& url : ad.clickTracking) urlChild(clicks, "ClickTracking", url);
  }
  auto* files = child(linear, "MediaFiles");
  for (const auto& file : ad.mediaFiles) appendMediaFile(files, file);
}

void appendAd(xmlNode* vast, const VastAd& ad) {
  auto* node = child(vast, "Ad");
  attribute(node, "id", ad.id);
  if (ad.sequence) attribute(node, "sequence", std::to_string(ad.sequence));
  auto* inLine = child(node, "InLine");
  attribute(child(inLine, "AdSystem", ad.adSystem), "version", "1");
  for (const auto& url : ad.errors) urlChild(inLine, "Error", url);
  for (const auto& url : ad.impressions) urlChild(inLine, "Impression", url);
  child(inLine, "AdServingId", ad.id);
  child(inLine, "AdTitle", ad.title);
  appendLinear(child(inLine, "Creatives"), ad);
}

}  // namespace

xmlNode* VastWriter::append(xmlDoc* doc, xmlNode* parent, const std::vector<VastAd>& ads) const {
  auto* vast = xmlNewDocNode(doc, nullptr, x("VAST"), nullptr);
  xmlSetNs(vast, xmlNewNs(vast, x(kVastNamespace), nullptr));
  attribute(vast, "version", "4.2");
  if (parent) {
    xmlAddChild(parent, vast);
  } else {
    xmlDocSetRootElement(doc, vast);
  }
  for (const auto& ad : ads) appendAd(vast, ad);
  if (ads.empty() && !errorUrl_.empty()) urlChild(vast, "Error", errorUrl_);
  return vast;
}

std::string VastWriter::document(const std::vector<VastAd>& ads) const {
  core::XmlDocPtr doc(xmlNewDoc(x("1.0")));
  append(doc.get(), nullptr, ads);
  return serializeXml(doc.get());
}

std::string serializeXml(xmlDoc* doc) {
  xmlChar* text = nullptr;
  int size = 0;
  xmlDocDumpFormatMemoryEnc(doc, &text, &size, "UTF-8", 1);
  const std::unique_ptr<xmlChar, decltype(xmlFree)> owned(text, xmlFree);
  return std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(size));
}

}  // namespace interlude::scripting
