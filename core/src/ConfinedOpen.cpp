#include "interlude/core/ConfinedOpen.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>

#include <cerrno>
#include <cstdlib>
#include <memory>
#include <system_error>

#include "interlude/core/HttpError.h"

namespace interlude::core {
namespace {

[[noreturn]] void fail(int error) {
  switch (error) {
    case ENOENT:
    case ENOTDIR:
    case ENAMETOOLONG:
      throw HttpError(404, "no such file");
    case EXDEV:
    case ELOOP:
      throw HttpError(403, "path leads outside the site root");
    default:
      throw HttpError(403, "cannot open file");
  }
}

bool inside(const std::string& root, const std::string& resolved) {
  return resolved == root || root == "/" ||
         (resolved.starts_with(root) && resolved[root.size()] == '/');
}

}  // namespace

ConfinedRoot::ConfinedRoot(const std::string& root)
    : root_(root), rootFd_(::open(root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC)) {
  if (!rootFd_) throw std::system_error(errno, std::generic_category(), root);
}

FileDescriptor ConfinedRoot::open(std::string_view path) const {
  while (path.starts_with('/')) path.remove_prefix(1);
  const std::string relative = path.empty() ? "." : std::string(path);
  open_how how{};
  how.flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;  // NONBLOCK: a FIFO must not hang us
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
  const long fd = ::syscall(SYS_openat2, rootFd_.get(), relative.c_str(), &how, sizeof how);
  if (fd >= 0) return FileDescriptor(static_cast<int>(fd));
  if (errno != ENOSYS) fail(errno);

  // Kernels before 5.6: resolve, check, then open the resolved path.
  const std::string joined = root_ + "/" + relative;
  std::unique_ptr<char, decltype(&std::free)> real(::realpath(joined.c_str(), nullptr), &std::free);
  if (!real) fail(errno);
  if (!inside(root_, real.get())) fail(EXDEV);
  FileDescriptor file(::open(real.get(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
  if (!file) fail(errno);
  return file;
}

}  // namespace interlude::core
