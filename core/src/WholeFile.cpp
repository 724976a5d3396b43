#include "WholeFile.h"

#include <unistd.h>

#include <cerrno>

#include "interlude/core/HttpError.h"

namespace interlude::core {

std::string readWholeFile(int fd, std::uint64_t size) {
  std::string body(size, '\0');
  std::uint64_t done = 0;
  while (done < size) {
    const auto n = ::pread(fd, body.data() + done, size - done, static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw HttpError(500, "the file changed while it was read");
    done += static_cast<std::uint64_t>(n);
  }
  return body;
}

}  // namespace interlude::core
