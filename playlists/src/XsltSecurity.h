#pragma once

#include <libxml/parser.h>
#include <libxslt/security.h>

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace interlude::playlists::xslt {

// Parser options for stylesheets and every document they load: no network, no
// DTD loading, no entity substitution.
inline constexpr int kSafeParseOptions = XML_PARSE_NONET | XML_PARSE_NOCDATA;

// What a stylesheet may read while it compiles (xsl:include, xsl:import) and
// runs (document()).
class ReadPolicy {
 public:
  // Files under `folder` (a site format's own folder) and nothing else.
  static ReadPolicy folder(const std::filesystem::path& folder);
  // No files at all; includes resolve to `resources` (URI -> text): how the
  // shipped formats share their helpers.
  static ReadPolicy embedded(std::map<std::string, std::string_view> resources);

  bool allowsUri(const char* uri) const;
  bool allowsFile(const char* path) const;
  std::optional<std::string_view> resource(const char* uri) const;

 private:
  std::optional<std::filesystem::path> folder_;  // canonical
  std::map<std::string, std::string_view> resources_;
};

// Makes `policy` the one that loads and security checks on this thread follow.
class PolicyScope {
 public:
  explicit PolicyScope(const ReadPolicy& policy);
  ~PolicyScope();
  PolicyScope(const PolicyScope&) = delete;
  PolicyScope& operator=(const PolicyScope&) = delete;

 private:
  const ReadPolicy* outer_;
};

// Security preferences for transformation contexts: writing files, creating
// folders and network access are refused (and stop the transformation);
// reading a file is allowed only where the thread's policy allows it.
using SecurityPrefsPtr = std::shared_ptr<xsltSecurityPrefs>;
SecurityPrefsPtr makeSecurityPrefs();

// libxslt loads xsl:include and xsl:import targets with the process-wide
// default security preferences (none) and options that allow the network and
// substitute entities. This loader, installed once by initialize(), applies
// the thread's policy and safe options instead; without a policy (libxslt used
// elsewhere) it changes nothing.
void installLoader();

}  // namespace interlude::playlists::xslt
