#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

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
// The name=value pairs of a query string (without its '?'), in order, each
// decoded by decodeQueryComponent; a name without '=' has an empty value.
std::vector<std::pair<std::string, std::string>> decodeQuery(std::string_view query);
// The query of a request target: what follows its '?', empty without one.
std::string_view queryOf(std::string_view target);

}  // namespace interlude::core
