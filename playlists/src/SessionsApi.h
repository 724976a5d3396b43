#pragma once

#include "interlude/core/Plugin.h"

namespace interlude::playlists {

// The admin routes of playlist sessions: GET /api/sessions (live sessions,
// searchable) and DELETE /api/sessions/<id> (ends one). docs/api.md.
void addSessionsApi(core::PluginContext& context);

}  // namespace interlude::playlists
