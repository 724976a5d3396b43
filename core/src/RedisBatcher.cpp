#include "RedisBatcher.h"

namespace interlude::core {

Poco::Redis::RedisType::Ptr RedisBatcher::execute(const Poco::Redis::Command& command) {
  Call call(command);
  std::unique_lock lock(mutex_);
  queued_.push_back(&call);
  if (sending_) {
    call.woken.wait(lock, [&] { return call.done || call.leads; });
  } else {
    sending_ = true;
  }
  if (!call.done) {
    // Lead: send everything queued (this call's command is in the first
    // batch), then what queued meanwhile, a few batches at most: handing over
    // at once would put a waiting thread's wake-up between two batches.
    for (int round = 0; round < kBatchesPerLeader && !queued_.empty(); ++round) {
      std::vector<Call*> batch;
      batch.swap(queued_);
      lock.unlock();
      send(batch);
      lock.lock();
      // Notified under the lock: a waiter that saw `done` may return and end its Call.
      for (auto* c : batch) {
        c->done = true;
        if (c != &call) c->woken.notify_one();
      }
    }
    if (queued_.empty()) {
      sending_ = false;
    } else {
      queued_.front()->leads = true;
      queued_.front()->woken.notify_one();
    }
  }
  lock.unlock();
  if (call.error) std::rethrow_exception(call.error);
  return call.reply;
}

void RedisBatcher::send(const std::vector<Call*>& batch) {
  try {
    connections_.with([&](RedisConnections::Client& client) {
      for (const auto* c : batch) client.execute<void>(*c->command);  // buffered
      client.flush();
      for (auto* c : batch) c->reply = client.readReply();
    });
  } catch (...) {
    const auto error = std::current_exception();
    for (auto* c : batch) c->error = error;
  }
}

}  // namespace interlude::core
