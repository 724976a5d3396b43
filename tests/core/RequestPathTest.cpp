#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "interlude/core/RequestPath.h"

using interlude::core::parseRequestTarget;
using interlude::core::Rejection;
using interlude::core::RequestPath;

namespace {
struct Hostile {
  const char* target;
  const char* rule;  // a word the rejection's rule must contain
};
std::ostream& operator<<(std::ostream& out, const Hostile& h) { return out << h.target; }

const Hostile kHostile[] = {
    {"/../secret.txt", "dot-dot"},
    {"/a/../../secret.txt", "dot-dot"},
    {"/./../secret.txt", "dot-dot"},
    {"//../secret.txt", "dot-dot"},
    {"/..", "dot-dot"},
    {"/%2e%2e/secret.txt", "encoded dot"},
    {"/%2E%2E%2Fsecret.txt", "encoded dot"},
    {"/.%2e/secret.txt", "encoded dot"},
    {"/..%2fsecret.txt", "encoded slash"},
    {"/a%2Fb", "encoded slash"},
    {"/..%5csecret.txt", "encoded backslash"},
    {"/..\\secret.txt", "backslash"},
    {"/%5c..%5csecret.txt", "encoded backslash"},
    {"/file%00.html", "NUL"},
    {"/%00", "NUL"},
    {"/%c0%ae%c0%ae/secret.txt", "UTF-8"},
    {"/%e0%80%ae%e0%80%ae/secret.txt", "UTF-8"},
    {"/%c0%af", "UTF-8"},
    {"/%ed%a0%80", "UTF-8"},     // a UTF-16 surrogate
    {"/%f4%90%80%80", "UTF-8"},  // above U+10FFFF
    {"/%ff", "UTF-8"},
    {"/%zz", "percent"},
    {"/%", "percent"},
    {"/%4", "percent"},
    {"/a%0d%0aSet-Cookie:x", "control"},
    {"relative/path", "not a path"},
    {"/a#fragment", "fragment"},
    {"http://127.0.0.1/../secret.txt", "dot-dot"},
};
}  // namespace

BOOST_AUTO_TEST_SUITE(request_path)

BOOST_DATA_TEST_CASE(hostile_targets_are_refused_with_the_rule_named,
                     boost::unit_test::data::make(kHostile), hostile) {
  RequestPath out;
  Rejection why;
  BOOST_TEST(!parseRequestTarget(hostile.target, out, why));
  BOOST_TEST(why.status == 400);
  BOOST_TEST(why.rule.find(hostile.rule) != std::string::npos,
             why.rule << " names " << hostile.rule);
}

BOOST_AUTO_TEST_CASE(decodes_once_and_normalises) {
  RequestPath out;
  Rejection why;
  BOOST_TEST(parseRequestTarget("/a//b/./c%20d.mp4?x=%2F1", out, why));
  BOOST_TEST(out.path == "/a/b/c d.mp4");
  BOOST_TEST(out.query == "x=%2F1");
  BOOST_TEST(!out.trailingSlash);

  BOOST_TEST(parseRequestTarget("/%252e%252e/x", out, why));  // double-encoded stays literal
  BOOST_TEST(out.path == "/%2e%2e/x");

  BOOST_TEST(parseRequestTarget("/caf%C3%A9/", out, why));
  BOOST_TEST(out.path == "/café/");
  BOOST_TEST(out.trailingSlash);

  BOOST_TEST(parseRequestTarget("HTTP://example.com", out, why));
  BOOST_TEST(out.path == "/");
  BOOST_TEST(out.trailingSlash);  // the root is a folder with its slash

  BOOST_TEST(parseRequestTarget("/a/.", out, why));
  BOOST_TEST(out.path == "/a/");
}

BOOST_AUTO_TEST_CASE(extension_is_lower_case_of_the_last_segment) {
  BOOST_TEST(interlude::core::extensionOf("/a.b/Clip.MP4") == ".mp4");
  BOOST_TEST(interlude::core::extensionOf("/a.b/README") == "");
  BOOST_TEST(interlude::core::extensionOf("/.hidden") == "");
}

BOOST_AUTO_TEST_SUITE_END()
