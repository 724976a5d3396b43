#pragma once

#include <netinet/in.h>

#include "interlude/core/FileDescriptor.h"
#include "multicast/MulticastSettings.h"

namespace interlude::streaming::multicast {

// A non-blocking UDP socket bound to a group's address and port and joined to
// the group on the chosen interface; closing it leaves the group. Bound to the
// group address (not INADDR_ANY) and with IP_MULTICAST_ALL off, it receives
// that group only, even when another socket of the host joined another group
// on the same port. SO_REUSEADDR lets other receivers share the group.
class GroupSocket {
 public:
  // Throws Poco::Exception naming the step that failed and why.
  explicit GroupSocket(const MulticastSettings& settings);
  int fd() const { return fd_.get(); }

 private:
  core::FileDescriptor fd_;
};

}  // namespace interlude::streaming::multicast
