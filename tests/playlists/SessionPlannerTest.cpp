#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>

#include "interlude/playlists/SessionPlanner.h"
#include "interlude/playlists/SessionStarter.h"

using namespace interlude::playlists;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

struct Fixture {
  Fixture() {
    std::string pattern = (fs::temp_directory_path() / "interlude-planner-XXXXXX").string();
    root = ::mkdtemp(pattern.data());
    site.name = "test";
    site.root = root.string();
    site.filters = interlude::core::FilterRules::defaults();
  }
  ~Fixture() { fs::remove_all(root); }

  void write(const std::string& rel, const std::string& body) const {
    fs::create_directories((root / rel).parent_path());
    std::ofstream(root / rel) << body;
  }
  void playlist(const std::string& rel, const std::string& entries) const {
    write(rel,
          "<smil xmlns=\"http://www.w3.org/ns/SMIL\"><head><meta name=\"title\" content=\"T\"/>"
          "</head><body>" +
              entries + "</body></smil>");
  }
  SessionPlanner planner(std::chrono::milliseconds validity, RemoteLookup lookup = nullptr) {
    if (!lookup) lookup = [](const std::string& url) -> std::string { return url + "/m.mp4"; };
    return SessionPlanner(root.string(), cache, lookup, withBuiltinProviders(), validity,
                          [this] { return now; });
  }
  // A planner (validity 1 s) whose playlists go through `step` after the built-in ones.
  SessionPlanner plannerWith(std::shared_ptr<const ResolverStep> step) {
    auto extensions = withBuiltinProviders();
    extensions->addStep(std::move(step));
    return SessionPlanner(root.string(), cache, nullptr, extensions, 1000ms,
                          [this] { return now; });
  }
  // The plan of /p.isx, asked with `query`.
  std::shared_ptr<const SessionPlan> ask(const SessionPlanner& p, const std::string& query) {
    return p.plan("/p.isx", site, mime, [&] {
      ++resolved;
      return PlaylistRequest{"/p.isx", query, {}, "127.0.0.1", "test"};
    });
  }
  std::shared_ptr<const SessionPlan> plan(const SessionPlanner& p, const std::string& path) {
    return p.plan(path, site, mime, [&] {
      ++resolved;
      return PlaylistRequest{path, "", {}, "127.0.0.1", "test"};
    });
  }

  fs::path root;
  interlude::core::SiteConfig site;
  interlude::core::MimeTypes mime;
  PlaylistCache cache;
  SessionPlanner::Clock::time_point now{std::chrono::seconds(1000)};
  int resolved = 0;
};

// The first entry of `r` replaced by a copy that `change` changed.
void changeFirst(Resolution& r, const std::function<void(ResolvedEntry&)>& change) {
  auto copy = *r.entries.front();
  change(copy);
  r.entries.front() = r.make(std::move(copy));
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(session_planner, Fixture)

BOOST_AUTO_TEST_CASE(plan_holds_sizes_and_its_stored_form) {
  write("a.mp4", std::string(100, 'a'));
  playlist("p.isx", "<video src=\"a.mp4\"/>");
  const auto p = planner(1000ms);
  const auto made = plan(p, "/p.isx");
  BOOST_REQUIRE_EQUAL(made->session.entries.size(), 1u);
  BOOST_TEST(made->session.entries[0].size == 100u);
  BOOST_TEST(made->session.id.empty());
  BOOST_TEST(made->title == "T");
  BOOST_TEST(made->stored.json == made->session.planJson());
  BOOST_TEST(made->stored.key == planKey(made->stored.json));
}

BOOST_AUTO_TEST_CASE(a_changed_media_file_is_seen_once_the_plan_is_older_than_its_validity) {
  write("a.mp4", std::string(100, 'a'));
  playlist("p.isx", "<video src=\"a.mp4\"/>");
  const auto p = planner(1000ms);
  const auto first = plan(p, "/p.isx");
  write("a.mp4", std::string(250, 'a'));
  now += 999ms;
  BOOST_TEST(plan(p, "/p.isx") == first);  // kept: neither resolved nor measured again
  BOOST_TEST(resolved == 1);
  now += 1ms;
  const auto second = plan(p, "/p.isx");
  BOOST_TEST(resolved == 2);
  BOOST_TEST(second->session.entries[0].size == 250u);
  BOOST_TEST(second->stored.key != first->stored.key);
}

BOOST_AUTO_TEST_CASE(a_removed_media_file_leaves_the_plan_after_its_validity) {
  write("a.mp4", "aaaa");
  write("b.mp4", "bbbb");
  playlist("p.isx", "<video src=\"a.mp4\"/><video src=\"b.mp4\"/>");
  const auto p = planner(500ms);
  BOOST_TEST(plan(p, "/p.isx")->session.entries.size() == 2u);
  fs::remove(root / "a.mp4");
  now += 500ms;
  const auto again = plan(p, "/p.isx");
  BOOST_REQUIRE_EQUAL(again->session.entries.size(), 1u);
  BOOST_TEST(again->session.entries[0].target == "/b.mp4");
}

BOOST_AUTO_TEST_CASE(no_validity_keeps_nothing) {
  write("a.mp4", "aaaa");
  playlist("p.isx", "<video src=\"a.mp4\"/>");
  const auto p = planner(0ms);
  plan(p, "/p.isx");
  plan(p, "/p.isx");
  BOOST_TEST(resolved == 2);
}

BOOST_AUTO_TEST_CASE(plans_with_remote_entries_are_made_per_request) {
  playlist("r.isx", "<video src=\"httpd://ads.example/next\"/>");
  int lookups = 0;
  const auto p = planner(1000ms, [&](const std::string&) -> std::string {
    return "http://cdn.example/" + std::to_string(++lookups) + ".mp4";
  });
  BOOST_TEST(plan(p, "/r.isx")->session.entries[0].target == "http://cdn.example/1.mp4");
  BOOST_TEST(plan(p, "/r.isx")->session.entries[0].target == "http://cdn.example/2.mp4");
}

BOOST_AUTO_TEST_CASE(placeholders_reach_the_steps_and_unfilled_ones_are_dropped) {
  write("a.mp4", "aaaa");
  write("ads/x.mp4", "xx");
  playlist("p.isx",
           "<i:ad xmlns:i=\"urn:interlude:playlist:1\" slot=\"preroll\"/><video src=\"a.mp4\"/>"
           "<i:ad xmlns:i=\"urn:interlude:playlist:1\" slot=\"midroll\"/>");
  // Fills preroll placeholders only, as ad rules would.
  struct FillPreroll : ResolverStep {
    void apply(Resolution& resolution, const PlaylistRequest&) const override {
      for (auto& r : resolution.entries) {
        BOOST_TEST(r->target.empty() == r->entry.isPlaceholder());
        if (r->entry.adSlot != "preroll") continue;
        auto ad = *r;
        ad.entry.adSlot.clear();
        ad.entry.src = "/ads/x.mp4";
        ad.entry.adId = "spring/x";
        ad.target = "/ads/x.mp4";
        r = resolution.make(std::move(ad));
      }
    }
  };
  auto extensions = withBuiltinProviders();
  extensions->addStep(std::make_shared<const FillPreroll>());
  const SessionPlanner withStep(root.string(), cache, nullptr, extensions, 0ms);
  const auto made = plan(withStep, "/p.isx");
  BOOST_REQUIRE_EQUAL(made->session.entries.size(), 2u);
  BOOST_TEST(made->session.entries[0].target == "/ads/x.mp4");
  BOOST_TEST(made->session.entries[0].adId == "spring/x");
  BOOST_TEST(made->session.entries[1].adId.empty());
  BOOST_TEST(made->stored.json.find("\"adId\":\"spring/x\"") != std::string::npos);

  // Without steps no placeholder is filled: the session has the content alone.
  const auto plain = plan(planner(0ms), "/p.isx");
  BOOST_REQUIRE_EQUAL(plain->session.entries.size(), 1u);
  BOOST_TEST(plain->session.entries[0].target == "/a.mp4");
}

BOOST_AUTO_TEST_CASE(plans_made_per_request_are_reused_when_resolved_alike) {
  write("a.mp4", "aaaa");
  write("b.mp4", "bb");
  playlist("p.isx", "<video src=\"a.mp4\"/>");
  // Appends b.mp4 when the query asks for it, titled as asked.
  struct Append : ResolverStep {
    void apply(Resolution& resolution, const PlaylistRequest& request) const override {
      if (request.query.empty()) return;
      ResolvedEntry b;
      b.entry.title = request.query;
      b.target = "/b.mp4";
      resolution.entries.push_back(resolution.make(std::move(b)));  // a new entry each time
    }
  };
  const auto p = plannerWith(std::make_shared<const Append>());
  const auto one = ask(p, "x");
  BOOST_TEST(ask(p, "x") == one);  // resolved again (the step sees each request), planned once
  BOOST_TEST(resolved == 2);
  const auto other = ask(p, "y");
  BOOST_TEST(other != one);
  BOOST_TEST(other->session.entries[1].title == "y");
  BOOST_TEST(ask(p, "") != one);
  // A changed media file is seen once the kept plan and size are older than the validity.
  write("b.mp4", "bbbbbb");
  now += 1000ms;
  const auto later = ask(p, "x");
  BOOST_TEST(later != one);
  BOOST_TEST(later->session.entries[1].size == 6u);
}

// Each field a plan is made from, changed by a step when the query names it: a
// resolution that differs in any one of them gets a plan of its own.
BOOST_AUTO_TEST_CASE(a_resolution_differing_in_any_planned_field_gets_its_own_plan) {
  write("a.mp4", "aaaa");
  playlist("p.isx", "<video src=\"a.mp4\"/>");
  using Change = std::function<void(Resolution&)>;
  using EntryChange = std::function<void(ResolvedEntry&)>;
  const auto first = [](EntryChange change) -> Change {
    return [change](Resolution& r) { changeFirst(r, change); };
  };
  const auto head = [](std::function<void(Playlist&)> change) -> Change {
    return [change](Resolution& r) { change(r.changeHead()); };
  };
  static const std::map<std::string, Change> changes = {
      {"target", first([](auto& e) { e.target = "/b.mp4"; })},
      {"firstRefs", first([](auto& e) { e.firstRefs = {"udp://@239.1.1.1:5000"}; })},
      {"local", first([](auto& e) { e.local = false; })},
      {"kind", first([](auto& e) { e.entry.kind = EntryKind::Ad; })},
      {"title", first([](auto& e) { e.entry.title = "other"; })},
      {"author", first([](auto& e) { e.entry.author = "other"; })},
      {"adId", first([](auto& e) { e.entry.adId = "c/1"; })},
      {"adSlot", first([](auto& e) { e.entry.adSlot = "preroll"; })},
      {"canSeek", first([](auto& e) { e.entry.permissions.canSeek = false; })},
      {"canSkipForward", first([](auto& e) { e.entry.permissions.canSkipForward = false; })},
      {"canSkipBack", first([](auto& e) { e.entry.permissions.canSkipBack = false; })},
      {"duration", first([](auto& e) { e.entry.durationSeconds = 7; })},
      {"skipAfter", first([](auto& e) { e.entry.skipAfter = SkipAfter{}; })},
      {"skipAfterUnit", first([](auto& e) {
         e.entry.skipAfter = SkipAfter{SkipAfter::Unit::Seconds, 0};
       })},
      {"entries", [](auto& r) { r.entries.push_back(r.entries.front()); }},
      {"headTitle", head([](auto& h) { h.title = "other"; })},
      {"headAuthor", head([](auto& h) { h.author = "other"; })},
      {"timeToLive", head([](auto& h) { h.timeToLiveMinutes = 5; })},
      {"inactivity", head([](auto& h) { h.inactivityTimeoutSeconds = 5; })},
      {"maxClients", head([](auto& h) { h.maxClients = 5; })},
  };
  struct ChangeAsked : ResolverStep {
    void apply(Resolution& resolution, const PlaylistRequest& request) const override {
      if (const auto it = changes.find(request.query); it != changes.end()) it->second(resolution);
    }
  };
  const auto p = plannerWith(std::make_shared<const ChangeAsked>());
  const auto unchanged = ask(p, "");
  BOOST_TEST(ask(p, "none of them") == unchanged);
  std::set<std::shared_ptr<const SessionPlan>> plans{unchanged};
  for (const auto& [field, change] : changes) {
    const auto changed = ask(p, field);
    BOOST_TEST(plans.insert(changed).second, field << " changed, yet an earlier plan served");
    BOOST_TEST(ask(p, field) == changed, field << ": an equal resolution got another plan");
  }
}

// A step that puts in entries of data it keeps (as ad rules put in a catalog's
// ads): requests resolve to the same addresses and share a plan, which keeps
// that data alive while it is kept.
BOOST_AUTO_TEST_CASE(a_plan_made_per_request_keeps_what_its_entries_point_into) {
  write("a.mp4", "aaaa");
  write("ad.mp4", "xx");
  playlist("p.isx", "<video src=\"a.mp4\"/>");
  struct Catalog {
    ResolvedEntry ad;
  };
  const auto version = [](const std::string& title) {
    ResolvedEntry ad;
    ad.entry.title = title;
    ad.target = "/ad.mp4";
    return std::make_shared<const Catalog>(Catalog{ad});
  };
  struct InsertAd : ResolverStep {
    explicit InsertAd(const std::shared_ptr<const Catalog>& c) : catalog(c) {}
    void apply(Resolution& resolution, const PlaylistRequest&) const override {
      resolution.entries.insert(resolution.entries.begin(), &catalog->ad);
      resolution.keep(catalog);
    }
    const std::shared_ptr<const Catalog>& catalog;  // the current version
  };
  auto catalog = version("old");
  const std::weak_ptr<const Catalog> old = catalog;
  const auto p = plannerWith(std::make_shared<const InsertAd>(catalog));
  const auto one = ask(p, "x");
  BOOST_TEST(one->session.entries[0].title == "old");
  BOOST_TEST(ask(p, "y") == one);
  catalog = version("new");
  BOOST_TEST(!old.expired());  // the kept resolution holds it
  const auto two = ask(p, "x");
  BOOST_TEST(two->session.entries[0].title == "new");
  BOOST_TEST(ask(p, "y") == two);
  now += 1000ms;  // the plans expire, and the next one kept lets them go
  BOOST_TEST(ask(p, "x") != two);
  BOOST_TEST(old.expired());
}

BOOST_AUTO_TEST_CASE(a_step_that_depends_on_the_config_only_keeps_one_plan) {
  write("a.mp4", "aaaa");
  playlist("p.isx", "<video src=\"a.mp4\"/>");
  struct Rename : ResolverStep {
    void apply(Resolution& resolution, const PlaylistRequest&) const override {
      changeFirst(resolution, [](auto& e) { e.entry.title = "renamed"; });
    }
    bool perRequest() const override { return false; }
  };
  const auto p = plannerWith(std::make_shared<const Rename>());
  const auto one = ask(p, "x");
  BOOST_TEST(one->session.entries[0].title == "renamed");
  BOOST_TEST(ask(p, "y") == one);  // neither resolved nor planned again
  BOOST_TEST(resolved == 1);
}

BOOST_AUTO_TEST_CASE(steps_start_from_an_expansion_kept_for_the_validity) {
  write("a.mp4", "aaaa");
  playlist("p.isx", "<video src=\"a.mp4\"/>");
  struct Count : ResolverStep {
    void apply(Resolution& resolution, const PlaylistRequest& request) const override {
      const auto title = request.query + std::to_string(resolution.entries.size());
      changeFirst(resolution, [&](auto& e) { e.entry.title = title; });
    }
  };
  const auto p = plannerWith(std::make_shared<const Count>());
  BOOST_TEST(ask(p, "x")->session.entries[0].title == "x1");
  playlist("p.isx", "<video src=\"a.mp4\"/><video src=\"a.mp4\"/>");
  BOOST_TEST(ask(p, "y")->session.entries[0].title == "y1");  // the step ran on the kept expansion
  now += 1000ms;
  BOOST_TEST(ask(p, "z")->session.entries[0].title == "z2");  // the changed playlist
}

BOOST_AUTO_TEST_CASE(a_missing_playlist_throws_and_is_not_kept) {
  const auto p = planner(1000ms);
  BOOST_CHECK_THROW(plan(p, "/none.isx"), std::system_error);
  playlist("none.isx", "");
  BOOST_TEST(plan(p, "/none.isx")->session.entries.empty());
}

BOOST_AUTO_TEST_CASE(sessions_on_one_plan_differ_in_id_only) {
  write("a.mp4", "aaaa");
  playlist("p.isx", "<video src=\"a.mp4\"/><video src=\"a.mp4\"/>");
  const auto made = plan(planner(1000ms), "/p.isx");
  const auto start = std::chrono::system_clock::from_time_t(5000);
  const auto one = newSession(made->session, start);
  const auto two = newSession(made->session, start);
  BOOST_TEST(one.id.size() == 32u);
  BOOST_TEST(one.id != two.id);
  BOOST_TEST(one.expires == 5000 + made->session.timeToLiveSeconds);
  BOOST_TEST(one.progressText() == std::to_string(one.expires) + " -1 0 0");
  BOOST_TEST(one.planJson() == made->stored.json);
  // What a started session has of its own, without a copy of the plan.
  const auto three = startOf(made->session, start);
  BOOST_TEST(three.id.size() == 32u);
  BOOST_TEST(three.id != one.id);
  BOOST_TEST(three.expires == one.expires);
}

BOOST_AUTO_TEST_SUITE_END()
