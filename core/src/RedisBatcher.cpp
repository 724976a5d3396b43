#include "RedisBatcher.h"

#include <algorithm>

namespace interlude::core {

RedisBatcher::Waiter RedisBatcher::threadWaiter() {
  thread_local const Waiter waiter = std::make_shared<std::condition_variable>();
  return waiter;
}

void RedisBatcher::wakeAll(std::vector<Waiter>& waiters) {
  for (const auto& waiter : waiters) waiter->notify_one();
  waiters.clear();
}

RespReply RedisBatcher::execute(const RespCommand& command) {
  Call call(command, threadWaiter());
  std::vector<Waiter> wake;  // woken once the lock is let go
  std::unique_lock lock(mutex_);
  queued_.push_back(&call);
  bool leads = leaders_ < kMaxLeaders;
  if (leads) {
    ++leaders_;
  } else {
    call.waiter->wait(lock, [&] { return call.done || call.leads; });
    leads = call.leads;  // possibly with its own call sent by another leader already
  }
  if (leads) {
    // Send everything queued (this call's command is in the first batch unless
    // another leader took it), then what queued meanwhile, a few batches at
    // most: handing over at once would put a waiting thread's wake-up between
    // two batches.
    for (int round = 0; round < kBatchesPerLeader && !queued_.empty(); ++round) {
      std::vector<Call*> batch;
      batch.swap(queued_);
      lock.unlock();
      wakeAll(wake);
      send(batch);
      lock.lock();
      for (auto* c : batch) {
        c->done = true;  // from here on, a caller that sees it may return and end its Call
        if (c != &call) wake.push_back(c->waiter);
      }
    }
    // The lead passes to the first caller still waiting that has none yet.
    const auto next =
        std::find_if(queued_.begin(), queued_.end(), [](Call* c) { return !c->leads; });
    if (next == queued_.end()) {
      --leaders_;
    } else {
      (*next)->leads = true;
      wake.push_back((*next)->waiter);
    }
  }
  const bool done = call.done;  // read under the lock, as leaders write it
  lock.unlock();
  wakeAll(wake);
  if (!done) {  // led, but this call went out in another leader's batch that is still out
    lock.lock();
    call.waiter->wait(lock, [&] { return call.done; });
    lock.unlock();
  }
  if (call.error) std::rethrow_exception(call.error);
  return std::move(call.reply);
}

void RedisBatcher::send(const std::vector<Call*>& batch) {
  try {
    connections_.with([&](RedisConnections::Client& client) {
      for (const auto* c : batch) client.queue(*c->command);
      client.flush();  // one write for the batch
      for (auto* c : batch) c->reply = client.readReply();
    });
  } catch (...) {
    const auto error = std::current_exception();
    for (auto* c : batch) c->error = error;
  }
}

}  // namespace interlude::core
