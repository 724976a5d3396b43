#pragma once

#include <memory>
#include <vector>

#include "interlude/playlists/ResolvedEntry.h"

namespace interlude::playlists {

// A playlist resolved for one request: its expansion as the resolver steps
// changed it. The entries are pointers, into the expansion, into data a step
// keeps alive here (an ad catalog's creatives), or to entries made for this
// resolution; so a request copies no entry, and a resolution like one kept
// from an earlier request is found by comparing pointers.
class Resolution {
 public:
  // `shared`: the expansion is the one kept for every request of its playlist,
  // so the addresses of its entries stay the same from request to request.
  Resolution(std::shared_ptr<const ExpandedPlaylist> expansion, bool shared);
  Resolution(Resolution&&) noexcept = default;
  Resolution& operator=(Resolution&&) noexcept = default;

  const Playlist& head() const { return *head_; }
  // The head, copied for this resolution on the first change.
  Playlist& changeHead();

  // The entries, in order; steps change the list freely.
  std::vector<const ResolvedEntry*> entries;
  // Another request may resolve differently (a remote entry, a step that
  // depends on the request).
  bool perRequest = false;

  // `entry`, kept as long as this resolution, for the list.
  const ResolvedEntry* make(ResolvedEntry entry);
  // Entries made elsewhere, kept from now on as long as this resolution;
  // `made` is left empty. All or nothing.
  void adopt(std::vector<std::unique_ptr<ResolvedEntry>>& made);
  // Keeps `owner` alive as long as this resolution: entries may point into it.
  void keep(std::shared_ptr<const void> owner);
  // What keep() was given, each once.
  const std::vector<std::shared_ptr<const void>>& kept() const { return owners_; }

  // Whether the head and every entry are kept data (none made for this
  // resolution): two such resolutions with the same pointers are equal, and
  // the pointers identify this one.
  bool identifiedByAddresses() const;

 private:
  std::shared_ptr<const ExpandedPlaylist> expansion_;
  const Playlist* head_;
  std::unique_ptr<Playlist> changedHead_;
  std::vector<std::unique_ptr<ResolvedEntry>> made_;
  std::vector<std::shared_ptr<const void>> owners_;
  bool shared_;
};

}  // namespace interlude::playlists
