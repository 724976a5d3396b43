#pragma once

#include <memory>

#include "AdServices.h"
#include "interlude/playlists/PlaylistExtensions.h"

namespace interlude::scripting {

// ?format=vast (every ad of the session, one pod in playback order) and
// ?format=vmap (its ad breaks) on a playlist.
class AdFormat : public playlists::FormatRenderer {
 public:
  enum class Kind { Vast, Vmap };

  AdFormat(Kind kind, std::shared_ptr<const AdServices> services)
      : kind_(kind), services_(std::move(services)) {}

  playlists::Rendered render(const playlists::SessionDocument& document) const override;

 private:
  Kind kind_;
  std::shared_ptr<const AdServices> services_;
};

}  // namespace interlude::scripting
