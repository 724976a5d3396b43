#include "EntryEdits.h"

#include <algorithm>
#include <iterator>
#include <utility>

namespace interlude::scripting::rules {
namespace {

auto at(EntryEdits::Entries& entries, std::size_t i) {
  return entries.begin() + static_cast<std::ptrdiff_t>(i);
}

}  // namespace

// Each change is recorded first (which may throw, leaving the entries alone),
// then made; ResolvedEntry moves without throwing, so the vector operations
// below either happen whole or not at all.
void EntryEdits::insert(Entries& entries, std::size_t where, Entries& incoming) {
  edits_.push_back({Kind::Insert, where, incoming.size(), {}});
  try {
    entries.insert(at(entries, where), std::make_move_iterator(incoming.begin()),
                   std::make_move_iterator(incoming.end()));
  } catch (...) {
    edits_.pop_back();
    throw;
  }
}

void EntryEdits::remove(Entries& entries, std::size_t where) {
  edits_.push_back({Kind::Remove, where, 0, {}});
  edits_.back().entry = std::move(entries[where]);
  entries.erase(at(entries, where));
}

void EntryEdits::move(Entries& entries, std::size_t from, std::size_t to) {
  edits_.push_back({Kind::Move, from, to, {}});
  rotate(entries, from, to);
}

void EntryEdits::replace(Entries& entries, std::size_t where, playlists::ResolvedEntry entry) {
  edits_.push_back({Kind::Replace, where, 0, {}});
  edits_.back().entry = std::exchange(entries[where], std::move(entry));
}

// Throws nothing: the vector's capacity never shrank since the changes, so
// putting a removed entry back does not allocate.
void EntryEdits::undo(Entries& entries) {
  for (auto edit = edits_.rbegin(); edit != edits_.rend(); ++edit) {
    switch (edit->kind) {
      case Kind::Insert:
        entries.erase(at(entries, edit->at), at(entries, edit->at + edit->other));
        break;
      case Kind::Remove:
        entries.insert(at(entries, edit->at), std::move(edit->entry));
        break;
      case Kind::Move:
        rotate(entries, edit->other, edit->at);
        break;
      case Kind::Replace:
        entries[edit->at] = std::move(edit->entry);
        break;
    }
  }
  edits_.clear();
}

// The entry at `from` to `to`, those between shifted by one.
void EntryEdits::rotate(Entries& entries, std::size_t from, std::size_t to) {
  if (from < to) {
    std::rotate(at(entries, from), at(entries, from + 1), at(entries, to + 1));
  } else {
    std::rotate(at(entries, to), at(entries, from), at(entries, from + 1));
  }
}

}  // namespace interlude::scripting::rules
