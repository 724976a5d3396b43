#include "EntryList.h"

#include <algorithm>

namespace interlude::scripting::rules {
namespace {

auto at(EntryList::Refs& refs, std::size_t i) {
  return refs.begin() + static_cast<std::ptrdiff_t>(i);
}

}  // namespace

EntryList::EntryList(Refs& entries) : entries_(entries) {
  refs_.reserve(entries.size() + 16);  // room for a few breaks without growing
  refs_.assign(entries.begin(), entries.end());
}

void EntryList::insert(std::size_t where, const Refs& incoming) {
  refs_.insert(at(refs_, where), incoming.begin(), incoming.end());
  changed_ = true;
}

void EntryList::remove(std::size_t where) {
  refs_.erase(at(refs_, where));
  changed_ = true;
}

// The entry at `from` to `to`, those between shifted by one.
void EntryList::move(std::size_t from, std::size_t to) {
  if (from < to) {
    std::rotate(at(refs_, from), at(refs_, from + 1), at(refs_, to + 1));
  } else {
    std::rotate(at(refs_, to), at(refs_, from), at(refs_, from + 1));
  }
  changed_ = true;
}

void EntryList::replace(std::size_t where, const playlists::ResolvedEntry* entry) {
  refs_[where] = entry;
  changed_ = true;
}

void EntryList::commit() noexcept {
  if (changed_) entries_.swap(refs_);
  refs_.clear();
  changed_ = false;
}

}  // namespace interlude::scripting::rules
