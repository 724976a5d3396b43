#pragma once

#include <string>

#include "interlude/scripting/ExternalVast.h"

namespace interlude::scripting {

// What one VAST document says of its first ad.
struct VastReading {
  bool wrapper = false;
  std::string tagUri;  // of a wrapper
  ExternalAd ad;       // of an inline: everything; of a wrapper: its tracking and errors
};

// Reads a VAST 2 to 4 document (namespaced or not), choosing the MediaFile of an
// inline by `options`. Throws std::runtime_error naming what is wrong.
VastReading readVast(const std::string& text, const ExternalVast::Options& options);

}  // namespace interlude::scripting
