#include "cache/HeaderList.h"

#include "interlude/core/Text.h"

namespace interlude::streaming::cache {

const std::string* findHeader(const HeaderList& headers, std::string_view name) {
  for (const auto& [fieldName, value] : headers) {
    if (core::equalsIgnoreCase(fieldName, name)) return &value;
  }
  return nullptr;
}

}  // namespace interlude::streaming::cache
