#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "interlude/playlists/FormatRegistry.h"

namespace interlude::playlists {

// Rendered playlist documents with markers where a session's own values go
// (its id, expiry and entry tokens), cached by what they were rendered from:
// an XSLT transformation runs once per plan, format and base URL, and each
// request only fills in its values. Markers are random letters outside the hex
// and base64url alphabets used by ids and tokens, so they cannot meet real text
// by accident; formats copy them as they are, since they need no escaping.
class DocumentTemplates {
 public:
  explicit DocumentTemplates(std::size_t maxEntries = 1024);

  const std::string& sessionMarker() const { return session_; }
  const std::string& expiresMarker() const { return expires_; }
  std::string tokenMarker(std::size_t entry) const;

  // The template for `key`, rendered by `render` the first time.
  std::shared_ptr<const Rendered> get(const std::string& key,
                                      const std::function<Rendered()>& render);

  // A template with this session's values filled in; `appendToken` appends the
  // token of an entry.
  std::string fill(
      const std::string& body, const std::string& session, const std::string& expires,
      const std::function<void(std::string& out, std::size_t entry)>& appendToken) const;

 private:
  std::string prefix_;
  std::string session_;
  std::string expires_;
  std::size_t maxEntries_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const Rendered>> entries_;
};

}  // namespace interlude::playlists
