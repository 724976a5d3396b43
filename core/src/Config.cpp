#include "interlude/core/Config.h"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <stdexcept>

#include "interlude/core/Diagnostic.h"
#include "interlude/core/XmlDocument.h"

namespace interlude::core {

std::string Endpoint::str() const {
  return (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

Endpoint Endpoint::parse(const std::string& text) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    throw std::invalid_argument("\"" + text + "\" is not ADDRESS:PORT");
  }
  Endpoint e;
  std::string host = text.substr(0, colon);
  if (host.front() == '[') {
    if (host.back() != ']') throw std::invalid_argument("\"" + text + "\": unbalanced [ ]");
    host = host.substr(1, host.size() - 2);
    e.ipv6 = true;
  }
  unsigned char address[sizeof(in6_addr)];
  if (::inet_pton(e.ipv6 ? AF_INET6 : AF_INET, host.c_str(), address) != 1) {
    throw std::invalid_argument("\"" + host + "\" is not an IP address" +
                                (e.ipv6 ? "" : " (IPv6 addresses go in brackets: [::1]:8080)"));
  }
  const std::string port = text.substr(colon + 1);
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (ec != std::errc() || end != port.data() + port.size() || value > 65535) {
    throw std::invalid_argument("\"" + port + "\" is not a port number (0-65535)");
  }
  e.host = host;
  e.port = static_cast<std::uint16_t>(value);
  return e;
}

Limits Limits::mergedOver(const Limits& parent) const {
  return {maxUrlBytes ? maxUrlBytes : parent.maxUrlBytes,
          maxHeaders ? maxHeaders : parent.maxHeaders,
          maxHeaderBytes ? maxHeaderBytes : parent.maxHeaderBytes,
          maxBodyBytes ? maxBodyBytes : parent.maxBodyBytes};
}

Limits Limits::defaults() { return {4096, 64, 16384, 1 << 20}; }

namespace {
void appendUnique(std::vector<std::string>& to, const std::vector<std::string>& from) {
  for (const auto& item : from) {
    if (std::find(to.begin(), to.end(), item) == to.end()) to.push_back(item);
  }
}
}  // namespace

FilterRules FilterRules::mergedOver(const FilterRules& parent) const {
  FilterRules merged = parent;
  appendUnique(merged.allowExtensions, allowExtensions);
  appendUnique(merged.denyExtensions, denyExtensions);
  appendUnique(merged.denySegments, denySegments);
  // An allow at this scope lifts a deny inherited from the parent scope.
  std::erase_if(merged.denyExtensions, [&](const std::string& ext) {
    return std::find(allowExtensions.begin(), allowExtensions.end(), ext) != allowExtensions.end();
  });
  return merged;
}

FilterRules FilterRules::defaults() {
  // Server-side sources and settings must never be downloadable.
  return {{".lua", ".xsl", ".xslt", ".config"}, {}, {".git", ".svn", ".hg"}};
}

}  // namespace interlude::core

namespace interlude::core {

std::vector<const ConfigSection*> Config::sectionsIn(const std::vector<ConfigSection>& sections,
                                                     std::string_view namespaceUri) {
  std::vector<const ConfigSection*> found;
  for (const auto& section : sections) {
    if (section.namespaceUri == namespaceUri) found.push_back(&section);
  }
  return found;
}

const ConfigSection* Config::soleSectionIn(const std::vector<ConfigSection>& sections,
                                           std::string_view namespaceUri, std::string_view xsd,
                                           const std::string& element) {
  const auto mine = sectionsIn(sections, namespaceUri);
  if (mine.empty()) return nullptr;
  std::vector<Diagnostic> problems;
  for (std::size_t i = 1; i < mine.size(); ++i) {
    problems.push_back(mine[i]->document->at(
        mine[i]->element, "one <" + element + "> element per scope: merge them"));
  }
  const auto& section = *mine.front();
  auto violations = section.document->validate(xsd, {}, section.element);
  problems.insert(problems.end(), violations.begin(), violations.end());
  if (!problems.empty()) throw InputError(std::move(problems));
  return &section;
}

}  // namespace interlude::core
