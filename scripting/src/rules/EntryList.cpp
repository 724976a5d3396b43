#include "EntryList.h"

#include <algorithm>

namespace interlude::scripting::rules {
namespace {

auto at(std::vector<EntryList::Ref>& refs, std::size_t i) {
  return refs.begin() + static_cast<std::ptrdiff_t>(i);
}

}  // namespace

EntryList::EntryList(Entries& playlist) : playlist_(playlist) {
  refs_.reserve(playlist.size() + 16);  // room for a few breaks without growing
  for (auto& entry : playlist) refs_.push_back({&entry, nullptr});
}

void EntryList::insert(std::size_t where, const std::vector<Ref>& incoming) {
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

void EntryList::replace(std::size_t where, Ref entry) {
  refs_[where] = entry;
  changed_ = true;
}

// All or nothing: a copy that fails (bad_alloc) moves the entries moved so far back.
void EntryList::commit() {
  if (!changed_) return;
  Entries out;
  out.reserve(refs_.size());
  try {
    for (const auto& ref : refs_) {
      if (ref.owned) {
        out.push_back(std::move(*ref.owned));
      } else {
        out.push_back(*ref.shared);
      }
    }
  } catch (...) {
    for (std::size_t i = 0; i < out.size(); ++i) {
      if (refs_[i].owned) *refs_[i].owned = std::move(out[i]);
    }
    throw;
  }
  refs_.clear();
  playlist_ = std::move(out);
  changed_ = false;
}

}  // namespace interlude::scripting::rules
