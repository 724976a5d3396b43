#include "interlude/scripting/VmapWriter.h"

#include "interlude/core/XmlDocument.h"
#include "interlude/scripting/VastTime.h"
#include "interlude/scripting/VastWriter.h"

namespace interlude::scripting {
namespace {

const xmlChar* x(const char* text) { return reinterpret_cast<const xmlChar*>(text); }
const xmlChar* x(const std::string& text) { return x(text.c_str()); }

std::string timeOffset(const VmapBreak& adBreak) {
  switch (adBreak.position) {
    case VmapBreak::Position::Start:
      return "start";
    case VmapBreak::Position::End:
      return "end";
    case VmapBreak::Position::Middle:
      break;
  }
  return vastTime(adBreak.offsetSeconds);
}

std::string breakId(const VmapBreak& adBreak, std::size_t index) {
  switch (adBreak.position) {
    case VmapBreak::Position::Start:
      return "preroll";
    case VmapBreak::Position::End:
      return "postroll";
    case VmapBreak::Position::Middle:
      break;
  }
  return "midroll-" + std::to_string(index);
}

}  // namespace

std::string VmapWriter::document(const std::vector<VmapBreak>& breaks) const {
  core::XmlDocPtr doc(xmlNewDoc(x("1.0")));
  auto* root = xmlNewDocNode(doc.get(), nullptr, x("VMAP"), nullptr);
  auto* ns = xmlNewNs(root, x(kVmapNamespace), x("vmap"));
  xmlSetNs(root, ns);
  xmlNewProp(root, x("version"), x("1.0"));
  xmlDocSetRootElement(doc.get(), root);
  const VastWriter vast(errorUrl_);
  std::size_t midrolls = 0;
  for (const auto& adBreak : breaks) {
    if (adBreak.ads.empty()) continue;
    const auto id =
        breakId(adBreak, adBreak.position == VmapBreak::Position::Middle ? ++midrolls : 0);
    auto* node = xmlNewChild(root, ns, x("AdBreak"), nullptr);
    xmlNewProp(node, x("timeOffset"), x(timeOffset(adBreak)));
    xmlNewProp(node, x("breakType"), x("linear"));
    xmlNewProp(node, x("breakId"), x(id));
    auto* source = xmlNewChild(node, ns, x("AdSource"), nullptr);
    xmlNewProp(source, x("id"), x(id + "-ads"));
    xmlNewProp(source, x("allowMultipleAds"), x(adBreak.ads.size() > 1 ? "true" : "false"));
    xmlNewProp(source, x("followRedirects"), x("true"));
    vast.append(doc.get(), xmlNewChild(source, ns, x("VASTAdData"), nullptr), adBreak.ads);
  }
  return serializeXml(doc.get());
}

}  // namespace interlude::scripting
