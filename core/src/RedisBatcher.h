#pragma once

#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <vector>

#include "RedisConnections.h"
#include "RespCommand.h"
#include "RespReply.h"

namespace interlude::core {

// Sends the commands of threads that ask at the same time together: one write
// and one read for a whole batch (auto-pipelining). A caller that finds fewer
// than kMaxLeaders batches out leads one, on a connection of its own: it
// sends what is queued, then what queued meanwhile (a few batches); the
// others wait for their replies, and the first still waiting leads next.
// Few callers at once: each sends its own command at once, as without
// batching. Many: they share few round trips. Each caller is woken once, for
// its reply or its turn to lead, and after the leader has let go of the lock
// (woken under it, each waiter first blocked on the lock the leader still
// held). Redis then reads, runs and answers many commands per system call
// instead of one, which is most of its cost for small commands, and so is
// each node's side of it.
class RedisBatcher {
 public:
  explicit RedisBatcher(RedisConnections& connections) : connections_(connections) {}

  // The reply to `command` (an error reply is a reply, not an exception).
  // Throws StoreUnavailable as RedisConnections::with does.
  RespReply execute(const RespCommand& command);

 private:
  // A thread's condition, kept as long as any call of it may be woken: a
  // leader wakes a caller after letting go of the lock, when the caller may
  // have seen its reply and returned already.
  using Waiter = std::shared_ptr<std::condition_variable>;

  struct Call {
    Call(const RespCommand& c, Waiter w) : command(&c), waiter(std::move(w)) {}
    const RespCommand* command;
    Waiter waiter;
    RespReply reply;
    std::exception_ptr error;
    bool done = false;
    bool leads = false;
  };

  static Waiter threadWaiter();
  static void wakeAll(std::vector<Waiter>& waiters);
  void send(const std::vector<Call*>& batch);

  static constexpr int kBatchesPerLeader = 4;
  // Batches out at once: one alone waits for each round trip, which is long
  // when the machine is busy.
  static constexpr int kMaxLeaders = 4;

  RedisConnections& connections_;
  std::mutex mutex_;
  std::vector<Call*> queued_;
  int leaders_ = 0;  // callers sending batches now
};

}  // namespace interlude::core
