#pragma once

#include <memory>
#include <string>

#include "interlude/scripting/AdCatalog.h"

namespace interlude::scripting {

// Reads an ad catalog (scripting/schema/ads.xsd). Throws core::InputError with every
// problem as file:line:col: the schema's, then the ones it cannot see (a day name,
// a CIDR range, a regular expression, an end before the start...).
std::shared_ptr<const AdCatalog> readAdCatalog(const std::string& path);
std::shared_ptr<const AdCatalog> parseAdCatalogText(std::string text,
                                                    const std::string& displayName);

}  // namespace interlude::scripting
