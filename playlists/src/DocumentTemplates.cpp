#include "interlude/playlists/DocumentTemplates.h"

#include <Poco/RandomStream.h>

#include <charconv>

namespace interlude::playlists {
namespace {

// Letters g..z: neither hex (session ids) nor ever next to a digit in a way
// that a format would change.
std::string randomLetters(std::size_t count) {
  Poco::RandomInputStream random;
  std::string out(count, 'g');
  for (auto& c : out) c = static_cast<char>('g' + static_cast<unsigned char>(random.get()) % 20);
  return out;
}

}  // namespace

DocumentTemplates::DocumentTemplates(std::size_t maxEntries)
    : prefix_(randomLetters(24)),
      session_(prefix_ + "s"),
      expires_(prefix_ + "e"),
      maxEntries_(maxEntries) {}

std::string DocumentTemplates::tokenMarker(std::size_t entry) const {
  return prefix_ + "t" + std::to_string(entry) + "x";
}

std::shared_ptr<const Rendered> DocumentTemplates::get(const std::string& key,
                                                       const std::function<Rendered()>& render) {
  {
    std::lock_guard lock(mutex_);
    if (const auto it = entries_.find(key); it != entries_.end()) return it->second;
  }
  auto rendered = std::make_shared<const Rendered>(render());  // outside the lock
  std::lock_guard lock(mutex_);
  if (entries_.size() >= maxEntries_) entries_.clear();  // plans change rarely: start over
  entries_.emplace(key, rendered);
  return rendered;
}

std::string DocumentTemplates::fill(
    const std::string& body, const std::string& session, const std::string& expires,
    const std::function<void(std::string&, std::size_t)>& appendToken) const {
  std::string out;
  out.reserve(body.size() + 64 * 8);
  std::size_t from = 0;
  for (auto at = body.find(prefix_); at != std::string::npos; at = body.find(prefix_, from)) {
    out.append(body, from, at - from);
    std::size_t next = at + prefix_.size();
    const char kind = next < body.size() ? body[next] : '\0';
    ++next;
    if (kind == 's') {
      out += session;
    } else if (kind == 'e') {
      out += expires;
    } else if (kind == 't') {
      std::size_t entry = 0;
      const auto [end, ec] = std::from_chars(body.data() + next, body.data() + body.size(), entry);
      appendToken(out, entry);
      next = static_cast<std::size_t>(end - body.data()) + 1;  // past the closing 'x'
    }
    from = next;
  }
  out.append(body, from, std::string::npos);
  return out;
}

}  // namespace interlude::playlists
