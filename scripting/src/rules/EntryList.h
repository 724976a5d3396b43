#pragma once

#include <cstddef>
#include <vector>

#include "interlude/playlists/Resolution.h"

namespace interlude::scripting::rules {

// The entries of a resolution as one call of on_playlist edits them. A call
// that fails is dropped, its edits with it: commit() alone changes the
// resolution, and cannot fail.
class EntryList {
 public:
  using Refs = std::vector<const playlists::ResolvedEntry*>;

  // Starts from `entries`, which commit() replaces.
  explicit EntryList(Refs& entries);

  std::size_t size() const { return refs_.size(); }
  const playlists::ResolvedEntry& operator[](std::size_t i) const { return *refs_[i]; }
  const Refs& refs() const { return refs_; }

  // Puts `incoming` in before `at`.
  void insert(std::size_t at, const Refs& incoming);
  void remove(std::size_t at);
  void move(std::size_t from, std::size_t to);
  void replace(std::size_t at, const playlists::ResolvedEntry* entry);

  // Makes the entries what the list says; the list is left empty.
  void commit() noexcept;

 private:
  Refs& entries_;
  Refs refs_;
  bool changed_ = false;
};

}  // namespace interlude::scripting::rules
