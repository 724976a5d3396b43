#pragma once

#include <libxml/tree.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace interlude::playlists {

// A rendered playlist: the body and its content type (from the stylesheet's
// <xsl:output media-type="..."/>).
struct Rendered {
  std::string body;
  std::string contentType;
};

// Output formats: XSLT stylesheets that turn the canonical ASX document into
// what a client asked for with ?format=NAME. The shipped formats (asx, xspf,
// m3u, smil, json, atom) are compiled into the binary; a site adds its own from
// files, which are recompiled when the file changes. Stylesheets run with
// libxslt security preferences that forbid writing files, creating folders and
// any network access, and reading files outside the stylesheet's own folder.
class FormatRegistry {
 public:
  // `extra`: format name -> absolute path of an .xsl file. Throws
  // core::InputError (file:line:col) when a stylesheet does not compile.
  explicit FormatRegistry(const std::map<std::string, std::string>& extra = {});
  ~FormatRegistry();
  FormatRegistry(const FormatRegistry&) = delete;
  FormatRegistry& operator=(const FormatRegistry&) = delete;

  bool has(const std::string& name) const;
  std::vector<std::string> names() const;  // sorted
  // Transforms `asx` (not modified). Throws std::out_of_range for an unknown
  // name and std::runtime_error when the transformation fails.
  Rendered render(const std::string& name, xmlDoc* asx) const;

 private:
  struct Format;
  std::shared_ptr<const Format> find(const std::string& name) const;

  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const Format>> formats_;
};

}  // namespace interlude::playlists
