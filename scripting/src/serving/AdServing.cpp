#include "interlude/scripting/AdServing.h"

namespace interlude::scripting {

void registerAdServing(core::PluginContext&, playlists::PlaylistExtensions&, const AdServingDeps&) {
}

}  // namespace interlude::scripting
