#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "interlude/core/Diagnostic.h"
#include "interlude/playlists/Resolver.h"

using namespace interlude::playlists;
namespace fs = std::filesystem;

namespace {

struct Site {
  Site() {
    std::string pattern = (fs::temp_directory_path() / "interlude-resolver-XXXXXX").string();
    root = ::mkdtemp(pattern.data());
  }
  ~Site() { fs::remove_all(root); }
  void write(const std::string& rel, const std::string& body) const {
    fs::create_directories((root / rel).parent_path());
    std::ofstream(root / rel) << body;
  }
  void playlist(const std::string& rel, const std::string& entries) const {
    write(rel, "<smil xmlns=\"http://www.w3.org/ns/SMIL\"><head><meta name=\"title\" content=\"T " +
                   rel + "\"/></head><body>" + entries + "</body></smil>");
  }
  fs::path root;
};

std::vector<std::string> targets(const Resolution& p) {
  std::vector<std::string> out;
  for (const auto* e : p.entries) out.push_back(e->target);
  return out;
}

RemoteLookup noLookup() {
  return
      [](const std::string& url) -> std::string { throw std::runtime_error("unexpected " + url); };
}

PlaylistRequest at(const std::string& path) { return {path, "", {}, "127.0.0.1", "test"}; }

bool mentions(const interlude::core::InputError& e, const std::string& text) {
  return e.report().find(text) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(resolver)

BOOST_AUTO_TEST_CASE(url_paths_join_and_stay_inside_the_root) {
  std::string out;
  BOOST_TEST(joinUrlPath("/news/evening.isx", "ads/a.mp4", out));
  BOOST_TEST(out == "/news/ads/a.mp4");
  BOOST_TEST(joinUrlPath("/news/evening.isx", "../media/./b.mp4", out));
  BOOST_TEST(out == "/media/b.mp4");
  BOOST_TEST(joinUrlPath("/news/evening.isx", "/abs//c.mp4", out));
  BOOST_TEST(out == "/abs/c.mp4");
  BOOST_TEST(!joinUrlPath("/news/evening.isx", "../../etc/passwd", out));
  BOOST_TEST(!joinUrlPath("/e.isx", "/../x", out));
}

BOOST_AUTO_TEST_CASE(nested_playlists_expand_in_place) {
  Site site;
  site.playlist("top.isx", "<ref src=\"a.mp4\"/><ref src=\"sub/inner.isx\"/><ref src=\"z.mp4\"/>");
  site.playlist("sub/inner.isx", "<video src=\"b.mp4\"/><ref src=\"../c.mp4\"/>");
  PlaylistCache cache;
  const Resolver resolver(site.root.string(), cache, noLookup(), withBuiltinProviders());
  const auto resolved = resolver.resolve(at("/top.isx"));
  BOOST_TEST(resolved.head().title == "T top.isx");
  BOOST_TEST(
      (targets(resolved) == std::vector<std::string>{"/a.mp4", "/sub/b.mp4", "/c.mp4", "/z.mp4"}));
}

BOOST_AUTO_TEST_CASE(cycles_are_errors_naming_the_chain) {
  Site site;
  site.playlist("a.isx", "<ref src=\"b.isx\"/>");
  site.playlist("b.isx", "<ref src=\"a.isx\"/>");
  PlaylistCache cache;
  const Resolver resolver(site.root.string(), cache, noLookup(), withBuiltinProviders());
  try {
    resolver.resolve(at("/a.isx"));
    BOOST_FAIL("a cycle must not resolve");
  } catch (const interlude::core::InputError& e) {
    BOOST_TEST(mentions(e, "playlist cycle: /a.isx -> /b.isx -> /a.isx"), e.report());
    BOOST_TEST(mentions(e, "b.isx:1:"), e.report());
  }
}

BOOST_AUTO_TEST_CASE(nesting_is_bounded) {
  Site site;
  for (int i = 0; i < 7; ++i)
    site.playlist("n" + std::to_string(i) + ".isx",
                  "<ref src=\"n" + std::to_string(i + 1) + ".isx\"/>");
  site.playlist("n7.isx", "<ref src=\"x.mp4\"/>");
  PlaylistCache cache;
  const Resolver resolver(site.root.string(), cache, noLookup(), withBuiltinProviders());
  BOOST_CHECK_EXCEPTION(resolver.resolve(at("/n0.isx")), interlude::core::InputError,
                        [](const auto& e) { return mentions(e, "deeper than 5 levels"); });
  BOOST_TEST(resolver.resolve(at("/n3.isx")).entries.size() == 1u);  // 5 levels: fine
}

BOOST_AUTO_TEST_CASE(remote_entries_ask_their_url_and_failures_are_skipped) {
  Site site;
  site.playlist(
      "r.isx",
      "<ref src=\"httpd://127.0.0.1:9/pick?slot=2\"/><ref src=\"httpd://127.0.0.1:9/down\"/>"
      "<ref src=\"http://cdn.example/x.mp4\"/>");
  std::vector<std::string> asked;
  PlaylistCache cache;
  const Resolver resolver(
      site.root.string(), cache,
      [&](const std::string& url) {
        asked.push_back(url);
        if (url.ends_with("/down")) throw std::runtime_error("connection refused");
        return std::string("/media/picked.mp4");
      },
      withBuiltinProviders());
  const auto resolved = resolver.resolve(at("/r.isx"));
  BOOST_TEST((asked == std::vector<std::string>{"http://127.0.0.1:9/pick?slot=2",
                                                "http://127.0.0.1:9/down"}));
  BOOST_TEST((targets(resolved) ==
              std::vector<std::string>{"/media/picked.mp4", "http://cdn.example/x.mp4"}));
  BOOST_TEST(resolved.entries[0]->local);
  BOOST_TEST(!resolved.entries[1]->local);
  BOOST_TEST(resolved.perRequest);  // remote answers may change
}

BOOST_AUTO_TEST_CASE(a_changed_playlist_is_parsed_again) {
  Site site;
  site.playlist("c.isx", "<ref src=\"one.mp4\"/>");
  PlaylistCache cache;
  const Resolver resolver(site.root.string(), cache, noLookup(), withBuiltinProviders());
  BOOST_TEST(resolver.resolve(at("/c.isx")).entries.size() == 1u);
  BOOST_TEST(!resolver.resolve(at("/c.isx")).perRequest);  // the site's files alone
  site.playlist("c.isx", "<ref src=\"one.mp4\"/><ref src=\"two.mp4\"/>");
  BOOST_TEST(resolver.resolve(at("/c.isx")).entries.size() == 2u);
}

BOOST_AUTO_TEST_CASE(providers_by_extension_and_steps_extend_resolution) {
  Site site;
  site.playlist("top.isx", "<ref src=\"a.mp4\"/><ref src=\"list.txt\"/>");
  site.write("list.txt", "/x.mp4\n/y.mp4\n");
  // A provider for .txt files (one media path a line) and a step that drops
  // entries when the query asks for it: what other plugins register.
  auto extensions = withBuiltinProviders();
  extensions->addProvider(".TXT", [](const std::string& file) {
    Playlist p;
    p.file = file;
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);) {
      Entry e;
      e.src = line;
      p.entries.push_back(e);
    }
    return p;
  });
  struct DropFirst : ResolverStep {
    void apply(Resolution& resolution, const PlaylistRequest& request) const override {
      if (request.query == "drop=1") resolution.entries.erase(resolution.entries.begin());
    }
  };
  extensions->addStep(std::make_shared<const DropFirst>());
  PlaylistCache cache;
  const Resolver resolver(site.root.string(), cache, noLookup(), extensions);
  BOOST_TEST((targets(resolver.resolve(at("/top.isx"))) ==
              std::vector<std::string>{"/a.mp4", "/x.mp4", "/y.mp4"}));
  BOOST_TEST((targets(resolver.resolve({"/top.isx", "drop=1", {}, "127.0.0.1", "test"})) ==
              std::vector<std::string>{"/x.mp4", "/y.mp4"}));
  BOOST_TEST(resolver.resolve(at("/top.isx")).perRequest);  // steps see the request
}

BOOST_AUTO_TEST_SUITE_END()
