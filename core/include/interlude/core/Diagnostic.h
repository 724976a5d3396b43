#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace interlude::core {

// One problem in an input file, printed as `file:line:col: message`.
struct Diagnostic {
  std::string file;
  int line = 0;
  int column = 0;
  std::string message;

  std::string str() const;
};

// Thrown when a file (config, playlist, script...) cannot be accepted.
class InputError : public std::runtime_error {
 public:
  explicit InputError(std::vector<Diagnostic> diagnostics);
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  std::string report() const;  // one diagnostic a line

 private:
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace interlude::core
