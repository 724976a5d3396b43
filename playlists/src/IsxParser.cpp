#include "interlude/playlists/IsxParser.h"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <vector>

#include "IsxValues.h"
#include "interlude/core/XmlDocument.h"

namespace interlude {
extern const std::string_view kIsxSchema;  // embedded from playlists/schema/isx.xsd
}  // namespace interlude

namespace interlude::playlists {

std::string_view isxSchema() { return kIsxSchema; }

namespace {

using core::Diagnostic;
using core::InputError;
using core::qualifiedName;
using core::XmlDocument;

constexpr std::string_view kSmil = "http://www.w3.org/ns/SMIL";
constexpr std::string_view kSmil20 = "http://www.w3.org/2001/SMIL20/Language";
constexpr std::string_view kSmil21 = "http://www.w3.org/2005/SMIL21/Language";
constexpr std::string_view kInterlude = "urn:interlude:playlist:1";

// Deeper seq nesting is refused rather than followed.
constexpr int kMaxSeqDepth = 16;

std::string_view view(const xmlChar* text) {
  return text ? std::string_view(reinterpret_cast<const char*>(text)) : std::string_view();
}

// The namespace URI of an element or attribute; empty for none.
std::string_view namespaceOf(const xmlNs* ns) { return ns ? view(ns->href) : std::string_view(); }

bool inNamespace(const xmlNs* ns, std::string_view uri) { return ns && view(ns->href) == uri; }

std::string attributeValue(const xmlAttr* attribute) {
  return core::xmlText(reinterpret_cast<const xmlNode*>(attribute));
}

std::vector<xmlNode*> childElements(const xmlNode* parent) {
  std::vector<xmlNode*> out;
  for (xmlNode* c = parent->children; c; c = c->next) {
    if (c->type == XML_ELEMENT_NODE) out.push_back(c);
  }
  return out;
}

// Calls `visit` on every element below and including `root`, in document order,
// without recursion.
void forEachElement(xmlNode* root, const std::function<void(xmlNode*)>& visit) {
  for (xmlNode* node = root; node;) {
    visit(node);
    if (xmlNode* child = xmlFirstElementChild(node)) {
      node = child;
      continue;
    }
    while (node != root && !xmlNextElementSibling(node)) node = node->parent;
    node = node == root ? nullptr : xmlNextElementSibling(node);
  }
}

bool isSmilForm(const xmlNs* ns) {
  return !ns || inNamespace(ns, kSmil) || inNamespace(ns, kSmil20) || inNamespace(ns, kSmil21);
}

void checkRoot(const XmlDocument& doc) {
  const xmlNode* root = doc.root();
  const std::string name = qualifiedName(root->ns, root->name);
  if (!core::xmlIsElement(root, "smil")) {
    throw InputError({doc.at(root, "the root element is <" + name + ">; a playlist is <smil>")});
  }
  if (!isSmilForm(root->ns)) {
    throw InputError({doc.at(root, "<" + name + "> is in the namespace \"" +
                                       std::string(view(root->ns->href)) + "\"; expected " +
                                       std::string(kSmil) + ", a SMIL 2.x namespace or none")});
  }
}

// The one schema serves every form: SMIL 2.x declarations are renamed in place and
// elements without a namespace join the SMIL default namespace. Prefixes stay as
// written, so messages name nodes as the source text does.
void moveIntoSmilNamespace(const XmlDocument& doc) {
  const auto smil = reinterpret_cast<const xmlChar*>(kSmil.data());
  forEachElement(doc.root(), [&](xmlNode* element) {
    for (xmlNs* ns = element->nsDef; ns; ns = ns->next) {
      // xmlns="" too: it is how an element inside the SMIL default namespace leaves it.
      if (inNamespace(ns, kSmil20) || inNamespace(ns, kSmil21) || inNamespace(ns, "")) {
        xmlFree(const_cast<xmlChar*>(ns->href));
        ns->href = xmlStrdup(smil);
      }
    }
    if (element->ns) return;
    xmlNs* ns = xmlSearchNs(doc.get(), element, nullptr);
    // Without a default namespace in scope, the root has no default declaration either.
    if (!inNamespace(ns, kSmil)) ns = xmlNewNs(doc.root(), smil, nullptr);
    if (ns) xmlSetNs(element, ns);
  });
}

// An entry being read: permissions stay unset until the kind has given the defaults.
struct EntryDraft {
  Entry entry;
  std::optional<bool> canSeek;
  std::optional<bool> canSkipForward;
  std::optional<bool> canSkipBack;

  Entry finish() && {
    const bool ad = entry.kind == EntryKind::Ad;
    entry.permissions = {canSeek.value_or(!ad), canSkipForward.value_or(!ad),
                         canSkipBack.value_or(true)};
    return std::move(entry);
  }
};

template <class Target>
struct Setting {
  const char* name;
  std::function<void(Target&, const std::string&)> set;
};

template <class Target>
using Settings = std::vector<Setting<Target>>;

template <class Target>
const Setting<Target>* lookup(const Settings<Target>& table, std::string_view name) {
  const auto it = std::find_if(table.begin(), table.end(),
                               [&](const auto& setting) { return name == setting.name; });
  return it == table.end() ? nullptr : &*it;
}

template <class Target>
std::string namesOf(const Settings<Target>& table, std::string_view prefix) {
  std::string out;
  for (std::size_t i = 0; i < table.size(); ++i) {
    out += i == 0 ? "" : i + 1 == table.size() ? " or " : ", ";
    out += std::string(prefix) + table[i].name;
  }
  return out;
}

std::function<void(EntryDraft&, const std::string&)> textField(std::string Entry::*field) {
  return [field](EntryDraft& d, const std::string& value) { d.entry.*field = value; };
}

std::function<void(EntryDraft&, const std::string&)> flagField(
    std::optional<bool> EntryDraft::*field) {
  return [field](EntryDraft& d, const std::string& value) { d.*field = isx::parseFlag(value); };
}

void setDuration(EntryDraft& d, const std::string& value) {
  d.entry.durationSeconds = isx::parseClockValue(value);
}

// SMIL's dur also says "as long as the media" in words.
void setDur(EntryDraft& d, const std::string& value) {
  if (value == "media" || value == "indefinite") {
    d.entry.durationSeconds.reset();
  } else {
    setDuration(d, value);
  }
}

void setKind(EntryDraft& d, const std::string& value) {
  if (value != "content" && value != "ad") {
    throw std::invalid_argument("\"" + value + "\" is not content or ad");
  }
  d.entry.kind = value == "ad" ? EntryKind::Ad : EntryKind::Content;
}

// Unprefixed attributes; the schema has refused any other.
const Settings<EntryDraft> kEntryAttributes = {
    {"src", textField(&Entry::src)},
    {"title", textField(&Entry::title)},
    {"author", textField(&Entry::author)},
    {"dur", setDur},
};

// Attributes (the IIS form) and params (SMIL); a param wins.
const Settings<EntryDraft> kPermissions = {
    {"canSeek", flagField(&EntryDraft::canSeek)},
    {"canSkipForward", flagField(&EntryDraft::canSkipForward)},
    {"canSkipBack", flagField(&EntryDraft::canSkipBack)},
};

// i: attributes; they win over the plain ones.
const Settings<EntryDraft> kExtensions = {
    {"kind", setKind},
    {"title", textField(&Entry::title)},
    {"author", textField(&Entry::author)},
    {"duration", setDuration},
    {"skipAfter",
     [](EntryDraft& d, const std::string& v) { d.entry.skipAfter = isx::parseSkipAfter(v); }},
};

std::function<void(Playlist&, const std::string&)> numberField(int Playlist::*field, int minimum) {
  return [field, minimum](Playlist& p, const std::string& value) {
    p.*field = isx::parseWholeNumber(value, minimum);
  };
}

// Metas by name; SMIL allows any other, which are ignored.
const Settings<Playlist> kMetas = {
    {"title", [](Playlist& p, const std::string& v) { p.title = v; }},
    {"author", [](Playlist& p, const std::string& v) { p.author = v; }},
    {"timeToLive", numberField(&Playlist::timeToLiveMinutes, 1)},
    {"inactivityTimeout", numberField(&Playlist::inactivityTimeoutSeconds, 1)},
    {"maxClients", numberField(&Playlist::maxClients, 0)},
};

// Builds a Playlist from a validated document, collecting every problem.
class IsxReader {
 public:
  explicit IsxReader(const XmlDocument& doc) : doc_(doc) {}

  Playlist read() {
    playlist_.file = std::filesystem::absolute(doc_.file()).lexically_normal().string();
    for (const xmlNode* child : childElements(doc_.root())) {
      if (core::xmlIsElement(child, "head")) readHead(child);
      if (core::xmlIsElement(child, "body")) readContainer(child, 0);
      if (core::xmlIsElement(child, "seq")) readSeq(child, 1);
    }
    if (!problems_.empty()) throw InputError(std::move(problems_));
    return std::move(playlist_);
  }

 private:
  void fail(const xmlNode* node, std::string message, std::string_view attribute = {}) {
    problems_.push_back(doc_.at(node, std::move(message), attribute));
  }

  // Applies one setting, turning a bad value into a problem at the node's attribute.
  template <class Target>
  void apply(const Setting<Target>& setting, Target& target, const std::string& value,
             const xmlNode* node, const std::string& what, std::string_view attribute) {
    try {
      setting.set(target, value);
    } catch (const std::invalid_argument& e) {
      fail(node, what + ": " + e.what(), attribute);
    }
  }

  void readHead(const xmlNode* head) {
    for (const xmlNode* meta : childElements(head)) {
      const auto name = core::xmlAttribute(meta, "name");
      if (const auto* setting = lookup(kMetas, name)) {
        apply(*setting, playlist_, core::xmlAttribute(meta, "content"), meta,
              "meta \"" + name + "\"", "content");
      }
    }
  }

  void readSeq(const xmlNode* seq, int depth) {
    if (depth > kMaxSeqDepth) {
      fail(seq, "seq nested deeper than " + std::to_string(kMaxSeqDepth) + " levels");
      return;
    }
    readContainer(seq, depth);
  }

  // body or seq: the schema allows entries, seq and any i: element.
  void readContainer(const xmlNode* container, int depth) {
    for (const xmlNode* child : childElements(container)) {
      if (inNamespace(child->ns, kInterlude)) {
        if (core::xmlIsElement(child, "ad")) {
          readPlaceholder(child);
        } else {
          fail(child, "unknown element <" + qualifiedName(child->ns, child->name) +
                          "> (expected <" + qualifiedName(child->ns, BAD_CAST "ad") + ">)");
        }
      } else if (core::xmlIsElement(child, "seq")) {
        readSeq(child, depth + 1);
      } else {
        playlist_.entries.push_back(readEntry(child));
      }
    }
  }

  // <i:ad slot="..."/>: an entry with a slot and nothing else, filled by ad rules
  // or dropped. The schema skips i: elements, so they are checked here.
  void readPlaceholder(const xmlNode* node) {
    const auto name = qualifiedName(node->ns, node->name);
    Entry placeholder;
    placeholder.pos = doc_.position(node);
    placeholder.kind = EntryKind::Ad;
    for (const xmlAttr* a = node->properties; a; a = a->next) {
      const auto attribute = qualifiedName(a->ns, a->name);
      if (a->ns || view(a->name) != "slot") {
        fail(node, "unknown attribute " + name + "/@" + attribute + " (expected slot)", attribute);
      }
    }
    if (xmlFirstElementChild(const_cast<xmlNode*>(node))) {
      fail(node, "<" + name + "> has content; a placeholder is empty");
    }
    placeholder.adSlot = core::xmlAttribute(node, "slot");
    if (placeholder.adSlot.find_first_not_of(" \t\r\n") == std::string::npos) {
      fail(node, "<" + name + "> needs a slot attribute naming the ad slot", "slot");
      return;
    }
    playlist_.entries.push_back(std::move(placeholder));
  }

  Entry readEntry(const xmlNode* node) {
    EntryDraft draft;
    draft.entry.pos = doc_.position(node);
    readAttributes(node, "", kEntryAttributes, draft);
    readAttributes(node, "", kPermissions, draft);
    readAttributes(node, kInterlude, kExtensions, draft);
    for (const xmlNode* param : childElements(node)) readParam(param, draft);
    return std::move(draft).finish();
  }

  // The attributes of `node` in namespace `ns` (empty: none) that `table` sets. The
  // schema has refused unknown plain attributes, but not unknown i: ones.
  void readAttributes(const xmlNode* node, std::string_view ns, const Settings<EntryDraft>& table,
                      EntryDraft& draft) {
    for (const xmlAttr* a = node->properties; a; a = a->next) {
      if (namespaceOf(a->ns) != ns) continue;
      const auto name = qualifiedName(a->ns, a->name);
      const auto what = std::string(view(node->name)) + "/@" + name;
      if (const auto* setting = lookup(table, view(a->name))) {
        apply(*setting, draft, attributeValue(a), node, what, name);
      } else if (!ns.empty()) {
        const auto prefix = qualifiedName(a->ns, BAD_CAST "");
        fail(node, "unknown attribute " + what + " (expected " + namesOf(table, prefix) + ")",
             name);
      }
    }
  }

  void readParam(const xmlNode* param, EntryDraft& draft) {
    const auto name = core::xmlAttribute(param, "name");
    if (const auto* setting = lookup(kPermissions, name)) {
      apply(*setting, draft, core::xmlAttribute(param, "value"), param, "param \"" + name + "\"",
            "value");
    } else {
      fail(param, "unknown param \"" + name + "\" (expected " + namesOf(kPermissions, "") + ")");
    }
  }

  const XmlDocument& doc_;
  Playlist playlist_;
  std::vector<Diagnostic> problems_;
};

// The schema's messages name nodes as written (i:kind), at the attribute they are about.
Playlist read(const XmlDocument& doc) {
  checkRoot(doc);
  moveIntoSmilNamespace(doc);
  auto problems = doc.validate(isxSchema());
  if (!problems.empty()) throw InputError(std::move(problems));
  return IsxReader(doc).read();
}

}  // namespace

Playlist parseIsxFile(const std::string& path) { return read(XmlDocument::parseFile(path)); }

Playlist parseIsxText(std::string text, const std::string& displayName) {
  return read(XmlDocument::parseText(std::move(text), displayName));
}

}  // namespace interlude::playlists
