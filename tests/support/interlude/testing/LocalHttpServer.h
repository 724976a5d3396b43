#pragma once

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>

#include <functional>
#include <mutex>
#include <string>
#include <vector>

namespace interlude::testing {

// An HTTP server on 127.0.0.1 and a free port for the tests: answers with
// `respond` and records the URIs asked for.
class LocalHttpServer {
 public:
  using Respond =
      std::function<void(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&)>;

  explicit LocalHttpServer(Respond respond)
      : state_(std::make_shared<State>(std::move(respond))),
        server_(new Factory(state_),
                Poco::Net::ServerSocket(Poco::Net::SocketAddress("127.0.0.1", 0)),
                new Poco::Net::HTTPServerParams) {
    server_.start();
  }
  ~LocalHttpServer() { server_.stopAll(true); }

  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(server_.port()) + path;
  }
  std::vector<std::string> requests() const {
    const std::lock_guard lock(state_->mutex);
    return state_->uris;
  }

 private:
  struct State {
    explicit State(Respond r) : respond(std::move(r)) {}
    Respond respond;
    mutable std::mutex mutex;
    std::vector<std::string> uris;
  };
  class Handler : public Poco::Net::HTTPRequestHandler {
   public:
    explicit Handler(std::shared_ptr<State> state) : state_(std::move(state)) {}
    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override {
      {
        const std::lock_guard lock(state_->mutex);
        state_->uris.push_back(request.getURI());
      }
      state_->respond(request, response);
    }

   private:
    std::shared_ptr<State> state_;
  };
  class Factory : public Poco::Net::HTTPRequestHandlerFactory {
   public:
    explicit Factory(std::shared_ptr<State> state) : state_(std::move(state)) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(
        const Poco::Net::HTTPServerRequest&) override {
      return new Handler(state_);  // POCO takes ownership
    }

   private:
    std::shared_ptr<State> state_;
  };

  std::shared_ptr<State> state_;
  Poco::Net::HTTPServer server_;  // POCO takes ownership of the factory and params
};

}  // namespace interlude::testing
