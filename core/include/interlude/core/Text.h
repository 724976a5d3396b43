#pragma once

#include <string>
#include <string_view>

namespace interlude::core {

// ASCII case folding for protocol tokens: header names, schemes, extensions.
std::string toLower(std::string_view text);
bool equalsIgnoreCase(std::string_view a, std::string_view b);
bool startsWithIgnoreCase(std::string_view text, std::string_view prefix);

// A name or value of a query string, decoded as the URL standard's
// application/x-www-form-urlencoded parser does: '+' is a space, %XX a byte,
// and a '%' without two hex digits after it stays as it is. (Poco's decode
// turns '+' into a space only after a '?', and throws on a bad '%'.)
std::string decodeQueryComponent(std::string_view text);

}  // namespace interlude::core
