#pragma once

#include <Poco/Logger.h>

#include <memory>

#include "interlude/core/Config.h"
#include "interlude/core/SessionStore.h"

namespace interlude::core {

// The store the <sessions> config asks for: memory, or Redis (with this node's
// memory behind it when fallback="memory"). A Redis that is down at startup is
// logged at once and reported by /healthz, but not fatal: the node serves
// what needs no session, and reconnects when Redis comes.
std::unique_ptr<SessionStore> makeSessionStore(const SessionsConfig& config, Poco::Logger& log);

}  // namespace interlude::core
