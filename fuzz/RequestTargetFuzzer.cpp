// Fuzzes request-target parsing and filtering: whatever the bytes, a target
// that is accepted must be a clean, confined path.
#include <Poco/Net/NameValueCollection.h>

#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "interlude/core/RequestFilter.h"
#include "interlude/core/RequestPath.h"

namespace {
void require(bool condition) {
  if (!condition) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view target(reinterpret_cast<const char*>(data), size);
  interlude::core::RequestPath path;
  interlude::core::Rejection why;
  if (!interlude::core::parseRequestTarget(target, path, why)) {
    require(why.status == 400 && !why.rule.empty());
    return 0;
  }
  const std::string& p = path.path;
  require(!p.empty() && p.front() == '/');
  require(p.find("//") == std::string::npos);
  require(p.find('\\') == std::string::npos);
  require(p.find('\0') == std::string::npos);
  require(p.find("/../") == std::string::npos && !p.ends_with("/..") && p != "/..");
  require(p.find("/./") == std::string::npos && !p.ends_with("/."));
  require(interlude::core::isValidUtf8(p));
  require(path.trailingSlash == (p.size() > 1 ? p.back() == '/' : true));
  const auto rules = interlude::core::FilterRules::defaults();
  if (const auto denied = interlude::core::checkFilters(rules, path))
    require(denied->status == 404);
  return 0;
}
