#include "interlude/throttling/Sniff.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "interlude/core/FileDescriptor.h"
#include "sniffers/Sniffers.h"

namespace interlude::throttling {

MediaInfo MediaInfo::unknown(std::string container, std::string reason) {
  MediaInfo info;
  info.container = std::move(container);
  info.reason = std::move(reason);
  return info;
}

MediaInfo sniffMedia(ByteSource& source) {
  if (source.size() == 0) return MediaInfo::unknown("unknown", "empty file");
  std::vector<std::uint8_t> head;
  try {
    head = source.read(0, kProbeBytes);
  } catch (const SniffError& e) {
    return MediaInfo::unknown("unknown", e.what());
  }
  for (const auto& sniffer : allSniffers()) {
    if (!sniffer.probe(head)) continue;
    try {
      auto info = sniffer.sniff(source);
      if (info.container.empty()) info.container = sniffer.container;
      return info;
    } catch (const SniffError& e) {
      return MediaInfo::unknown(sniffer.container, e.what());
    } catch (const std::exception& e) {
      return MediaInfo::unknown(sniffer.container, std::string("corrupt: ") + e.what());
    }
  }
  return MediaInfo::unknown("unknown", "no known container signature");
}

MediaInfo sniffFile(const std::string& path) {
  core::FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  struct stat info {};
  if (!fd || ::fstat(fd.get(), &info) != 0) {
    return MediaInfo::unknown("unknown", std::string("cannot open: ") + std::strerror(errno));
  }
  if (!S_ISREG(info.st_mode)) return MediaInfo::unknown("unknown", "not a regular file");
  FileByteSource source(fd.get(), static_cast<std::uint64_t>(info.st_size));
  return sniffMedia(source);
}

}  // namespace interlude::throttling
