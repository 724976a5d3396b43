#pragma once

#include <string_view>

#include "interlude/playlists/Playlist.h"

// The value syntaxes of .isx attributes, params and metas. Each parser throws
// std::invalid_argument with a message that quotes the value.
namespace interlude::playlists::isx {

// A SMIL clock value in seconds: 30s, 1.5min, 2h, 250ms, 00:01:30, 01:30.5, 90.
double parseClockValue(std::string_view text);

// true or 1, false or 0 (as xs:boolean, like the server config).
bool parseFlag(std::string_view text);

// 50% (0 to 100) or a clock value in seconds (10, 10s, 1min).
SkipAfter parseSkipAfter(std::string_view text);

// A whole number from `minimum` up to INT_MAX.
int parseWholeNumber(std::string_view text, int minimum);

}  // namespace interlude::playlists::isx
