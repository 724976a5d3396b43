#pragma once

#include <libxml/tree.h>

#include <string>
#include <string_view>
#include <vector>

#include "interlude/core/Config.h"
#include "interlude/core/Diagnostic.h"

namespace interlude::playlists::isx {

// An element or attribute name as written in the file: prefix:name.
std::string qualifiedName(const xmlNs* ns, const xmlChar* name);

// Where the nodes of a parsed document are in its source text. Unlike
// XmlDocument::at, which scans the text from its start for every node, it keeps
// an index of line starts: a playlist asks for the position of every entry, and
// large playlists have many. It also finds start tags that span several lines,
// for which libxml2 records the line where the tag ends.
class IsxPositions {
 public:
  IsxPositions(std::string file, std::string text);

  const std::string& file() const { return file_; }
  core::SourcePos at(const xmlNode* node, std::string_view attribute = {}) const;
  core::Diagnostic diagnostic(const xmlNode* node, std::string message,
                              std::string_view attribute = {}) const;

 private:
  std::string_view line(std::size_t index) const;
  std::size_t tagOffset(const xmlNode* node, std::size_t lineIndex) const;
  std::size_t attributeOffset(std::string_view attribute, std::size_t tag,
                              std::size_t lineIndex) const;

  std::string file_;
  std::string text_;
  std::vector<std::size_t> lineStarts_;  // offset of each line; line 1 at index 0
};

}  // namespace interlude::playlists::isx
