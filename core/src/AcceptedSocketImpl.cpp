#include "AcceptedSocketImpl.h"

namespace interlude::core {

Poco::Net::SocketAddress AcceptedSocketImpl::address() {
  if (!local_) local_ = StreamSocketImpl::address();
  return *local_;
}

}  // namespace interlude::core
