// Fuzzes the secure XML parser and schema validation with config documents:
// every input is either accepted or refused with diagnostics, never a crash.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "interlude/core/ConfigLoader.h"
#include "interlude/core/Diagnostic.h"
#include "interlude/core/XmlDocument.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const auto doc = interlude::core::XmlDocument::parseText(std::move(text), "fuzz.xml");
    for (const auto& d : doc.validate(interlude::core::configSchema())) {
      if (d.message.empty()) std::abort();
    }
  } catch (const interlude::core::InputError& e) {
    if (e.diagnostics().empty()) std::abort();
  }
  return 0;
}
