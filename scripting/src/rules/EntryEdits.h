#pragma once

#include <cstddef>
#include <vector>

#include "interlude/playlists/Resolver.h"

namespace interlude::scripting::rules {

// The changes one call of a hook makes to a playlist's entries, each kept with
// what undoes it: a failing call is undone in reverse order, by moves, so a call
// that succeeds costs no copy of the playlist. Each change is all or nothing.
class EntryEdits {
 public:
  using Entries = std::vector<playlists::ResolvedEntry>;

  // Moves `incoming` in before `at`.
  void insert(Entries& entries, std::size_t at, Entries& incoming);
  void remove(Entries& entries, std::size_t at);
  void move(Entries& entries, std::size_t from, std::size_t to);
  void replace(Entries& entries, std::size_t at, playlists::ResolvedEntry entry);

  // Puts `entries` back as they were before the first change, and forgets the changes.
  void undo(Entries& entries);

 private:
  enum class Kind { Insert, Remove, Move, Replace };
  struct Edit {
    Kind kind;
    std::size_t at;                  // Move: from
    std::size_t other;               // Insert: how many; Move: to
    playlists::ResolvedEntry entry;  // Remove, Replace: the entry that was there
  };
  static void rotate(Entries& entries, std::size_t from, std::size_t to);

  std::vector<Edit> edits_;
};

}  // namespace interlude::scripting::rules
