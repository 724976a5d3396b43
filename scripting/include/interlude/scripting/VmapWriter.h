#pragma once

#include <optional>
#include <string>
#include <vector>

#include "interlude/scripting/VastAd.h"

namespace interlude::scripting {

inline constexpr const char* kVmapNamespace = "http://www.iab.net/videosuite/vmap";

// One ad break of a playlist: where it plays and its ads.
struct VmapBreak {
  enum class Position { Start, Middle, End };
  Position position = Position::Start;
  double offsetSeconds = 0;  // of content time, for a Middle break
  std::vector<VastAd> ads;
};

// Writes VMAP 1.0: an AdBreak per break (timeOffset "start", HH:MM:SS.mmm or
// "end"), each with the inline VAST 4.2 of its ads in AdSource/VASTAdData.
class VmapWriter {
 public:
  explicit VmapWriter(std::string errorUrl = {}) : errorUrl_(std::move(errorUrl)) {}

  std::string document(const std::vector<VmapBreak>& breaks) const;

 private:
  std::string errorUrl_;
};

}  // namespace interlude::scripting
