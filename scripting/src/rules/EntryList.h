#pragma once

#include <cstddef>
#include <vector>

#include "interlude/playlists/Resolver.h"

namespace interlude::scripting::rules {

// The entries of a playlist as one call of on_playlist edits them: references,
// so that an edit moves pointers rather than entries (some 300 bytes of strings
// each), and a call that fails is dropped without undoing anything. commit()
// builds the playlist once, moving each entry used once and copying the others.
class EntryList {
 public:
  using Entries = std::vector<playlists::ResolvedEntry>;

  // An entry of the list: `owned` (used once, moved on commit) or `shared` (copied).
  struct Ref {
    playlists::ResolvedEntry* owned = nullptr;
    const playlists::ResolvedEntry* shared = nullptr;
    const playlists::ResolvedEntry& operator*() const { return owned ? *owned : *shared; }
  };

  // Refers to each of `playlist`'s entries, which commit() replaces.
  explicit EntryList(Entries& playlist);

  std::size_t size() const { return refs_.size(); }
  const playlists::ResolvedEntry& operator[](std::size_t i) const { return *refs_[i]; }

  // Puts `incoming` in before `at`.
  void insert(std::size_t at, const std::vector<Ref>& incoming);
  void remove(std::size_t at);
  void move(std::size_t from, std::size_t to);
  void replace(std::size_t at, Ref entry);

  // Makes the playlist what the list says, or throws leaving it as it was; the
  // list refers to it no more.
  void commit();

 private:
  Entries& playlist_;
  std::vector<Ref> refs_;
  bool changed_ = false;
};

}  // namespace interlude::scripting::rules
