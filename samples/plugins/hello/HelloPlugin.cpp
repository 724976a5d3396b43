// A sample out-of-tree plugin: a handler, an admin route and a counter, built
// against core's public headers only and loaded from the config at run time.
#include <Poco/ClassLibrary.h>
#include <Poco/JSON/Object.h>

#include <sstream>

#include "interlude/core/Plugin.h"
#include "interlude/core/Responses.h"

namespace {

using interlude::core::Counter;
using interlude::core::HandlerSetup;
using interlude::core::RequestContext;

// Answers GET /hello/NAME with "<greeting>, NAME!".
class HelloHandler : public interlude::core::Handler {
 public:
  HelloHandler(std::string greeting, Counter& requests)
      : greeting_(std::move(greeting)), requests_(requests) {}

  void handle(RequestContext& context, Poco::Net::HTTPServerRequest&,
              Poco::Net::HTTPServerResponse& response) const override {
    const auto& path = context.target.path;
    std::string name = path.substr(path.find_last_of('/') + 1);
    if (name.empty()) name = "world";
    requests_.add();
    interlude::core::sendText(response, 200, "text/plain; charset=utf-8",
                              greeting_ + ", " + name + "!\n");
  }

 private:
  std::string greeting_;
  Counter& requests_;
};

class HelloPlugin : public interlude::core::Plugin {
 public:
  std::string name() const override { return "hello"; }

  void configure(interlude::core::PluginContext& context) override {
    const auto& params = context.params();
    const auto it = params.find("greeting");
    const std::string greeting = it == params.end() ? "Hello" : it->second;
    Counter& requests =
        context.metrics().counter("hello_requests_total", "Requests the hello plugin answered");

    // A mapping may override the greeting with its own <param name="greeting">.
    context.addHandler("hello", [greeting, &requests](const HandlerSetup& setup) {
      const auto own = setup.params.find("greeting");
      return std::make_shared<const HelloHandler>(
          own == setup.params.end() ? greeting : own->second, requests);
    });
    context.addAdminRoute("GET", "/api/hello", [greeting, &requests](auto&, auto& response) {
      Poco::JSON::Object body;
      body.set("greeting", greeting);
      body.set("requests", requests.value());
      std::ostringstream out;
      body.stringify(out);
      interlude::core::sendText(response, 200, "application/json", out.str());
    });
    context.logger().information("hello plugin configured: \"" + greeting + "\"");
  }
};

}  // namespace

extern "C" int interlude_plugin_abi() { return interlude::core::kPluginAbiVersion; }

POCO_BEGIN_MANIFEST(interlude::core::Plugin)
POCO_EXPORT_CLASS(HelloPlugin)
POCO_END_MANIFEST
