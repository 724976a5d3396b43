#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <utility>

namespace interlude::playlists {

// The entry deliveries this process is sending now. A player asks for the next
// entry the moment the last bytes of one arrive, which can be a moment before
// the sending thread has recorded them; a request refused for that entry waits
// here, briefly, for the delivery to finish instead.
class DeliveriesInProgress {
 public:
  class Guard {
   public:
    Guard(DeliveriesInProgress& owner, std::string session, std::size_t entry);
    ~Guard();
    Guard(const Guard&) = delete;
    Guard& operator=(const Guard&) = delete;

   private:
    DeliveriesInProgress& owner_;
    std::pair<std::string, std::size_t> key_;
  };

  // Waits until no delivery of that entry is running (at most `timeout`);
  // false if one still is.
  bool waitFor(const std::string& session, std::size_t entry, std::chrono::milliseconds timeout);

 private:
  std::mutex mutex_;
  std::condition_variable finished_;
  std::map<std::pair<std::string, std::size_t>, int> running_;
};

}  // namespace interlude::playlists
