#pragma once

#include <Poco/File.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Path.h>
#include <Poco/Pipe.h>
#include <Poco/Process.h>
#include <Poco/Redis/Client.h>
#include <Poco/Redis/Command.h>
#include <Poco/TemporaryFile.h>

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

// A redis-server of the test's own, on an ephemeral loopback port, with no
// persistence; stopped (SIGKILL) when it goes out of scope.
class RedisServer {
 public:
  // With a password, Redis refuses every command before AUTH (requirepass).
  explicit RedisServer(std::string password = {})
      : port_(freePort()), password_(std::move(password)) {
    start();
  }
  ~RedisServer() { stop(); }
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

  void stop() {
    if (!process_) return;
    Poco::Process::kill(*process_);
    process_->wait();
    process_.reset();
  }

  // A connection of the test's own, to look at what the store wrote.
  std::unique_ptr<Poco::Redis::Client> client() const {
    auto client = std::make_unique<Poco::Redis::Client>("127.0.0.1", port_);
    if (!password_.empty()) {
      Poco::Redis::Command auth("AUTH");
      auth << password_;
      client->execute<std::string>(auth);
    }
    return client;
  }

 private:
  static int freePort() {
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
    return socket.address().port();
  }

  void start() {
    const std::string binary = "/usr/bin/redis-server";
    if (!Poco::File(binary).exists()) {
      throw std::runtime_error(binary + " is missing: scripts/install-deps installs redis-server");
    }
    // Pipes of its own (it writes to its log file): a test run that dies must
    // not leave it holding the runner's output.
    Poco::Pipe in, out, err;
    std::vector<std::string> arguments{"--port",       std::to_string(port_),
                                       "--bind",       "127.0.0.1",
                                       "--save",       "",
                                       "--appendonly", "no",
                                       "--dir",        dir_.path(),
                                       "--logfile",    dir_.path() + "/redis.log"};
    if (!password_.empty()) arguments.insert(arguments.end(), {"--requirepass", password_});
    process_ = std::make_unique<Poco::ProcessHandle>(
        Poco::Process::launch(binary, arguments, &in, &out, &err));
    // Ready when it answers; bounded, it starts in milliseconds.
    for (int attempt = 0; attempt < 200; ++attempt) {
      try {
        client()->execute<std::string>(Poco::Redis::Command("PING"));
        return;
      } catch (const Poco::Exception&) {
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
      }
    }
    throw std::runtime_error("redis-server did not answer on port " + std::to_string(port_));
  }

  struct Directory {
    Directory() { Poco::File(path_).createDirectories(); }
    ~Directory() { Poco::File(path_).remove(true); }
    std::string path() const { return path_; }
    std::string path_ = Poco::TemporaryFile::tempName();
  };

  int port_;
  std::string password_;
  Directory dir_;
  std::unique_ptr<Poco::ProcessHandle> process_;
};
