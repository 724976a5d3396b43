#pragma once

#include <stdexcept>
#include <string>

namespace interlude::core {

// Thrown by handlers to answer with a status and a short reason. The dispatcher
// turns it (and any other exception, as 500) into a response in one place.
class HttpError : public std::runtime_error {
 public:
  HttpError(int status, const std::string& reason) : std::runtime_error(reason), status_(status) {}
  int status() const { return status_; }

 private:
  int status_;
};

}  // namespace interlude::core
