#include "interlude/core/Diagnostic.h"

namespace interlude::core {

std::string Diagnostic::str() const {
  if (line <= 0) return file + ": " + message;  // not from a file's text, e.g. --set
  return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message;
}

namespace {
std::string firstMessage(const std::vector<Diagnostic>& diagnostics) {
  return diagnostics.empty() ? std::string("invalid input") : diagnostics.front().str();
}
}  // namespace

InputError::InputError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(firstMessage(diagnostics)), diagnostics_(std::move(diagnostics)) {}

std::string InputError::report() const {
  std::string out;
  for (const auto& d : diagnostics_) out += d.str() + "\n";
  return out;
}

}  // namespace interlude::core
