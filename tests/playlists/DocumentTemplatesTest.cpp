#include <boost/test/unit_test.hpp>

#include "interlude/playlists/DocumentTemplates.h"

using namespace interlude::playlists;

BOOST_AUTO_TEST_SUITE(document_templates)

BOOST_AUTO_TEST_CASE(markers_are_filled_with_the_session_values) {
  DocumentTemplates templates;
  const std::string body = "id=" + templates.sessionMarker() + " until " +
                           templates.expiresMarker() + " a=/_/e/" + templates.tokenMarker(0) +
                           " b=\"/_/e/" + templates.tokenMarker(12) + "\"" +
                           templates.sessionMarker();
  const auto filled =
      templates.fill(body, "9f2c", "2026-11-24T00:00:00Z",
                     [](std::string& out, std::size_t i) { out += "tok" + std::to_string(i); });
  BOOST_TEST(filled == "id=9f2c until 2026-11-24T00:00:00Z a=/_/e/tok0 b=\"/_/e/tok12\"9f2c");
}

BOOST_AUTO_TEST_CASE(markers_use_no_hex_or_token_alphabet_prefix) {
  const DocumentTemplates templates;
  for (char c : templates.sessionMarker().substr(0, 24)) BOOST_TEST((c >= 'g' && c <= 'z'));
  BOOST_TEST(DocumentTemplates().sessionMarker() !=
             templates.sessionMarker());  // random per instance
}

BOOST_AUTO_TEST_CASE(a_template_is_rendered_once_per_key) {
  DocumentTemplates templates(2);
  int renders = 0;
  const auto render = [&] {
    ++renders;
    return Rendered{"body", "text/plain"};
  };
  templates.get("a", render);
  templates.get("a", render);
  BOOST_TEST(renders == 1);
  templates.get("b", render);
  templates.get("c", render);  // full: starts over
  templates.get("a", render);
  BOOST_TEST(renders == 4);
}

BOOST_AUTO_TEST_SUITE_END()
