#include <boost/test/unit_test.hpp>

#include "interlude/core/Router.h"

using namespace interlude::core;

namespace {
class Named : public Handler {
 public:
  explicit Named(std::string name) : name(std::move(name)) {}
  void handle(RequestContext&, Poco::Net::HTTPServerRequest&,
              Poco::Net::HTTPServerResponse&) const override {}
  std::string name;
};
std::shared_ptr<const Named> named(std::string n) {
  return std::make_shared<const Named>(std::move(n));
}
std::string routed(const Router& r, std::string_view path) {
  return static_cast<const Named&>(r.route(path)).name;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(router)

BOOST_AUTO_TEST_CASE(extension_then_longest_prefix_then_fallback) {
  Router router;
  router.setFallback(named("static"));
  router.mapPrefix("/a/", named("short"));
  router.mapPrefix("/a/b/", named("long"));
  router.mapExtension(".isx", named("playlist"));
  BOOST_TEST(routed(router, "/a/b/x.isx") == "playlist");
  BOOST_TEST(routed(router, "/a/b/c.mp4") == "long");
  BOOST_TEST(routed(router, "/a/c.mp4") == "short");
  BOOST_TEST(routed(router, "/other.mp4") == "static");
}

BOOST_AUTO_TEST_CASE(first_mapping_wins) {
  Router router;
  router.setFallback(named("static"));
  router.mapExtension(".isx", named("site"));
  router.mapExtension(".isx", named("plugin-default"));
  router.mapPrefix("/p/", named("site"));
  router.mapPrefix("/p/", named("plugin-default"));
  BOOST_TEST(routed(router, "/x.isx") == "site");
  BOOST_TEST(routed(router, "/p/x") == "site");
}

BOOST_AUTO_TEST_SUITE_END()
