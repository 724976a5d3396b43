#include "IsxPositions.h"

#include <algorithm>

namespace interlude::playlists::isx {
namespace {

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Whether a name found in `text` ends at `end`, so that <ref does not match <refs.
bool endsName(std::string_view text, std::size_t end) {
  return end >= text.size() || isSpace(text[end]) || text[end] == '/' || text[end] == '>' ||
         text[end] == '=';
}

}  // namespace

std::string qualifiedName(const xmlNs* ns, const xmlChar* name) {
  const auto* prefix = ns ? reinterpret_cast<const char*>(ns->prefix) : nullptr;
  return (prefix ? std::string(prefix) + ":" : std::string()) + reinterpret_cast<const char*>(name);
}

IsxPositions::IsxPositions(std::string file, std::string text)
    : file_(std::move(file)), text_(std::move(text)) {
  lineStarts_.push_back(0);
  for (auto at = text_.find('\n'); at != std::string::npos; at = text_.find('\n', at + 1)) {
    lineStarts_.push_back(at + 1);
  }
}

std::string_view IsxPositions::line(std::size_t index) const {
  const auto begin = lineStarts_[index];
  const auto end = index + 1 < lineStarts_.size() ? lineStarts_[index + 1] : text_.size();
  return std::string_view(text_).substr(begin, end - begin);
}

// The first `<name` on the node's line, else the last one before it.
std::size_t IsxPositions::tagOffset(const xmlNode* node, std::size_t lineIndex) const {
  const std::string tag = "<" + qualifiedName(node->ns, node->name);
  const std::string_view text(text_);
  const auto begin = lineStarts_[lineIndex];
  const auto onLine = line(lineIndex);
  for (auto at = onLine.find(tag); at != std::string_view::npos; at = onLine.find(tag, at + 1)) {
    if (endsName(onLine, at + tag.size())) return begin + at;
  }
  for (auto at = begin; at > 0;) {
    at = text.rfind(tag, at - 1);
    if (at == std::string_view::npos) break;
    if (endsName(text, at + tag.size())) return at;
  }
  return begin;
}

// `attribute=` between the start of the tag and the end of the line where it ends.
std::size_t IsxPositions::attributeOffset(std::string_view attribute, std::size_t tag,
                                          std::size_t lineIndex) const {
  const auto end = lineStarts_[lineIndex] + line(lineIndex).size();
  const auto inTag = std::string_view(text_).substr(tag, end - tag);
  for (auto at = inTag.find(attribute); at != std::string_view::npos;
       at = inTag.find(attribute, at + 1)) {
    if (at > 0 && isSpace(inTag[at - 1]) && endsName(inTag, at + attribute.size())) return tag + at;
  }
  return tag;
}

core::SourcePos IsxPositions::at(const xmlNode* node, std::string_view attribute) const {
  const long reported = node ? xmlGetLineNo(node) : 0;
  if (reported <= 0) return {file_, 0, 0};
  const auto lineIndex = std::min(static_cast<std::size_t>(reported), lineStarts_.size()) - 1;
  auto offset = tagOffset(node, lineIndex);
  if (!attribute.empty()) offset = attributeOffset(attribute, offset, lineIndex);
  const auto after = std::upper_bound(lineStarts_.begin(), lineStarts_.end(), offset);
  const auto index = static_cast<std::size_t>(after - lineStarts_.begin()) - 1;
  return {file_, static_cast<int>(index + 1), static_cast<int>(offset - lineStarts_[index] + 1)};
}

core::Diagnostic IsxPositions::diagnostic(const xmlNode* node, std::string message,
                                          std::string_view attribute) const {
  const auto pos = at(node, attribute);
  return {pos.file, pos.line, pos.column, std::move(message)};
}

}  // namespace interlude::playlists::isx
