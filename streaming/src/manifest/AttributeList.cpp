#include "manifest/AttributeList.h"

namespace interlude::streaming::manifest {

std::optional<std::vector<Attribute>> parseAttributeList(std::string_view list) {
  std::vector<Attribute> attributes;
  std::size_t at = 0;
  while (at < list.size()) {
    const auto equals = list.find('=', at);
    if (equals == std::string_view::npos) return std::nullopt;
    Attribute attribute;
    attribute.name = list.substr(at, equals - at);
    if (attribute.name.empty() || attribute.name.find(',') != std::string_view::npos) {
      return std::nullopt;
    }
    at = equals + 1;
    if (at < list.size() && list[at] == '"') {
      const auto close = list.find('"', at + 1);
      if (close == std::string_view::npos) return std::nullopt;
      attribute = {attribute.name, at + 1, close, true};
      at = close + 1;
      if (at < list.size() && list[at] != ',') return std::nullopt;
    } else {
      const auto comma = list.find(',', at);
      const auto end = comma == std::string_view::npos ? list.size() : comma;
      attribute = {attribute.name, at, end, false};
      at = end;
    }
    attributes.push_back(attribute);
    if (at < list.size()) ++at;  // the comma
  }
  return attributes;
}

}  // namespace interlude::streaming::manifest
