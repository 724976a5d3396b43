#include "cache/EntryHead.h"

#include "Decimal.h"

namespace interlude::streaming::cache {

namespace {

constexpr std::string_view kMagic = "interlude-cache 1\n";

// Reads "<name> <value>\n" off the front of `text`.
std::optional<std::string_view> field(std::string_view& text, std::string_view name) {
  if (!text.starts_with(name) || text.size() <= name.size() || text[name.size()] != ' ') {
    return std::nullopt;
  }
  const auto newline = text.find('\n');
  if (newline == std::string_view::npos) return std::nullopt;
  const auto value = text.substr(name.size() + 1, newline - name.size() - 1);
  text.remove_prefix(newline + 1);
  return value;
}

template <class Number>
std::optional<Number> numberField(std::string_view& text, std::string_view name) {
  const auto value = field(text, name);
  return value ? parseDecimal<Number>(*value) : std::nullopt;
}

}  // namespace

std::string encodeEntryHead(const EntryHead& head) {
  std::string text(kMagic);
  text += "key " + std::to_string(head.key.size()) + "\n" + head.key + "\n";
  text += "status " + std::to_string(head.status) + "\n";
  text += "stored " + std::to_string(head.storedAt) + "\n";
  text += "age " + std::to_string(head.initialAge) + "\n";
  text += "expires " + std::to_string(head.expiresAt) + "\n";
  for (const auto& [name, value] : head.headers) text += "header " + name + ": " + value + "\n";
  text += "body\n";
  return text;
}

std::optional<EntryHead> decodeEntryHead(std::string_view text, std::size_t& bodyOffset) {
  const auto whole = text.size();
  if (!text.starts_with(kMagic)) return std::nullopt;
  text.remove_prefix(kMagic.size());
  EntryHead head;
  const auto keyLength = numberField<std::size_t>(text, "key");
  if (!keyLength || text.size() <= *keyLength || text[*keyLength] != '\n') return std::nullopt;
  head.key = std::string(text.substr(0, *keyLength));
  text.remove_prefix(*keyLength + 1);
  const auto status = numberField<int>(text, "status");
  const auto stored = numberField<std::time_t>(text, "stored");
  const auto age = numberField<std::int64_t>(text, "age");
  const auto expires = numberField<std::time_t>(text, "expires");
  if (!status || !stored || !age || !expires) return std::nullopt;
  head.status = *status;
  head.storedAt = *stored;
  head.initialAge = *age;
  head.expiresAt = *expires;
  while (const auto header = field(text, "header")) {
    const auto colon = header->find(": ");
    if (colon == std::string_view::npos || colon == 0) return std::nullopt;
    head.headers.emplace_back(header->substr(0, colon), header->substr(colon + 2));
  }
  if (!text.starts_with("body\n")) return std::nullopt;
  bodyOffset = whole - text.size() + 5;
  return head;
}

}  // namespace interlude::streaming::cache
