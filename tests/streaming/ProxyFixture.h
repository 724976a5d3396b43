#pragma once

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/StreamCopier.h>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "interlude/core/Config.h"
#include "interlude/core/Handler.h"
#include "interlude/core/MimeTypes.h"
#include "interlude/core/RequestPath.h"
#include "interlude/testing/LocalHttpServer.h"
#include "proxy/Proxy.h"

namespace interlude::streaming::testing {

// A TCP server on 127.0.0.1 that hands each accepted connection to `serve`,
// for upstreams that misbehave in ways an HTTP server library will not
// (garbage, half-close, stall, short bodies). Counts the connections.
class RawUpstream {
 public:
  using Serve = std::function<void(Poco::Net::StreamSocket&)>;

  explicit RawUpstream(Serve serve)
      : socket_(Poco::Net::SocketAddress("127.0.0.1", 0)), serve_(std::move(serve)) {
    thread_ = std::thread([this] { run(); });
  }
  ~RawUpstream() {
    stopping_ = true;
    Poco::Net::StreamSocket wake;
    try {
      wake.connect(socket_.address());
    } catch (const Poco::Exception&) {
    }
    thread_.join();
    for (auto& t : connections_) t.join();
  }
  RawUpstream(const RawUpstream&) = delete;
  RawUpstream& operator=(const RawUpstream&) = delete;

  std::string url(const std::string& path = "/") const {
    return "http://127.0.0.1:" + std::to_string(socket_.address().port()) + path;
  }
  int connections() const { return accepted_.load(); }

 private:
  void run() {
    for (;;) {
      Poco::Net::StreamSocket client = socket_.acceptConnection();
      if (stopping_) return;
      ++accepted_;
      connections_.emplace_back([this, client]() mutable {
        try {
          serve_(client);
        } catch (const Poco::Exception&) {
        }
      });
    }
  }

  Poco::Net::ServerSocket socket_;
  Serve serve_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> accepted_{0};
  std::thread thread_;
  std::vector<std::thread> connections_;
};

// Reads one request head from `socket` (up to the blank line); "" at EOF.
inline std::string readRequestHead(Poco::Net::StreamSocket& socket) {
  std::string head;
  char c;
  while (head.find("\r\n\r\n") == std::string::npos) {
    if (socket.receiveBytes(&c, 1) <= 0) return "";
    head += c;
  }
  return head;
}

// The proxy under test behind a front HTTP server, as the points handler
// calls it: everything under "/" goes to the upstreams, with "/live/" as the
// public prefix.
class ProxyFront {
 public:
  ProxyFront(proxy::UpstreamSettings settings, const std::string& point = "test")
      : proxy_(std::make_shared<proxy::Proxy>(point, std::move(settings), metrics_,
                                              Poco::Logger::get("interlude.streaming"))),
        server_([proxy = proxy_](Poco::Net::HTTPServerRequest& request,
                                 Poco::Net::HTTPServerResponse& response) {
          static const core::SiteConfig site;
          static const core::MimeTypes mime;
          const core::RequestPath target{request.getURI(), "", false};
          core::RequestContext context{site, mime, target, 0, {}, nullptr};
          proxy->forward({context, request.getURI(), "/live/"}, request, response);
        }) {}

  std::string url(const std::string& path) const { return server_.url(path); }
  const proxy::Proxy& proxy() const { return *proxy_; }
  core::MetricsRegistry& metrics() { return metrics_; }

 private:
  core::MetricsRegistry metrics_;
  std::shared_ptr<proxy::Proxy> proxy_;
  interlude::testing::LocalHttpServer server_;
};

struct Fetched {
  int status = 0;
  Poco::Net::HTTPResponse head;
  std::string body;
  bool complete = true;  // false when the connection broke inside the body
};

// One request through a fresh client connection.
inline Fetched fetch(const std::string& url, const std::string& method = "GET",
                     const std::vector<std::pair<std::string, std::string>>& headers = {}) {
  const Poco::URI uri(url);
  Poco::Net::HTTPClientSession session(uri.getHost(), uri.getPort());
  session.setTimeout(Poco::Timespan(10, 0));
  session.setKeepAlive(true);  // keeps the Connection field a test sets
  Poco::Net::HTTPRequest request(method, uri.getPathAndQuery(), Poco::Net::HTTPMessage::HTTP_1_1);
  for (const auto& [name, value] : headers) request.set(name, value);
  session.sendRequest(request);
  Fetched fetched;
  auto& in = session.receiveResponse(fetched.head);
  fetched.status = static_cast<int>(fetched.head.getStatus());
  try {
    Poco::StreamCopier::copyToString(in, fetched.body);
  } catch (const Poco::Exception&) {
    fetched.complete = false;
  }
  if (fetched.head.hasContentLength() &&
      fetched.body.size() != static_cast<std::size_t>(fetched.head.getContentLength64())) {
    fetched.complete = false;
  }
  return fetched;
}

inline proxy::UpstreamSettings settingsFor(const std::vector<std::string>& urls) {
  proxy::UpstreamSettings settings;
  for (const auto& url : urls) settings.upstreams.emplace_back(url);
  settings.connectTimeout = std::chrono::milliseconds(1000);
  settings.readTimeout = std::chrono::milliseconds(2000);
  return settings;
}

}  // namespace interlude::streaming::testing
