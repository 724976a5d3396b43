#include "interlude/core/ConfigLoader.h"

#include <Poco/Environment.h>
#include <Poco/Path.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <limits>
#include <optional>
#include <set>

#include "interlude/core/Text.h"
#include "interlude/core/XmlDocument.h"

namespace interlude {
extern const std::string_view kConfigSchema;  // embedded from core/schema/config.xsd
}  // namespace interlude

namespace interlude::core {

std::string_view configSchema() { return kConfigSchema; }

namespace {

namespace fs = std::filesystem;

// nginx-style directive tables: attribute name, typed parser, target field. The XSD
// has already checked the lexical form; the parser converts and range-checks.
template <class Target>
struct Directive {
  const char* name;
  std::function<void(Target&, const std::string&)> set;
};

std::uint64_t parseUnsigned(const std::string& text) {
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    throw std::invalid_argument("\"" + text + "\" is not a whole number");
  }
  return value;
}

template <class Target>
std::function<void(Target&, const std::string&)> intField(int Target::*field) {
  return [field](Target& target, const std::string& text) {
    const auto value = parseUnsigned(text);
    if (value > static_cast<std::uint64_t>(std::numeric_limits<int>::max())) {
      throw std::invalid_argument("\"" + text + "\" is too large");
    }
    target.*field = static_cast<int>(value);
  };
}

template <class Target>
std::function<void(Target&, const std::string&)> u64Field(
    std::optional<std::uint64_t> Target::*field) {
  return [field](Target& target, const std::string& text) { target.*field = parseUnsigned(text); };
}

const std::vector<Directive<ServerConfig>> kServerDirectives = {
    {"workers", intField(&ServerConfig::workers)},
    {"queue", intField(&ServerConfig::queue)},
    {"keepAliveSeconds", intField(&ServerConfig::keepAliveSeconds)},
    {"timeoutSeconds", intField(&ServerConfig::timeoutSeconds)},
    {"shutdownGraceSeconds", intField(&ServerConfig::shutdownGraceSeconds)},
    {"fileCacheMilliseconds", intField(&ServerConfig::fileCacheMilliseconds)},
};

const std::vector<Directive<Limits>> kLimitDirectives = {
    {"maxUrlBytes", u64Field(&Limits::maxUrlBytes)},
    {"maxHeaders", u64Field(&Limits::maxHeaders)},
    {"maxHeaderBytes", u64Field(&Limits::maxHeaderBytes)},
    {"maxBodyBytes", u64Field(&Limits::maxBodyBytes)},
};

const std::vector<Directive<SessionsConfig>> kSessionsDirectives = {
    {"store",
     [](SessionsConfig& s, const std::string& v) {
       s.store = v == "redis" ? SessionsConfig::Store::Redis : SessionsConfig::Store::Memory;
     }},
    {"address", [](SessionsConfig& s, const std::string& v) { s.address = v; }},
    {"prefix", [](SessionsConfig& s, const std::string& v) { s.prefix = v; }},
    {"fallback",
     [](SessionsConfig& s, const std::string& v) {
       s.fallback =
           v == "memory" ? SessionsConfig::Fallback::Memory : SessionsConfig::Fallback::Refuse;
     }},
    {"connectTimeoutMilliseconds", intField(&SessionsConfig::connectTimeoutMilliseconds)},
    {"timeoutMilliseconds", intField(&SessionsConfig::timeoutMilliseconds)},
};

const std::vector<Directive<LoggingConfig>> kLoggingDirectives = {
    {"level", [](LoggingConfig& l, const std::string& v) { l.level = v; }},
    {"errorLog", [](LoggingConfig& l, const std::string& v) { l.errorLog = v; }},
    {"accessLog", [](LoggingConfig& l, const std::string& v) { l.accessLog = v; }},
    {"accessFormat",
     [](LoggingConfig& l, const std::string& v) {
       l.accessFormat = v == "w3c" ? AccessLogFormat::W3C : AccessLogFormat::Combined;
     }},
};

// POCO's request parser refuses more than 100 header fields itself (with a 400).
constexpr std::uint64_t kPocoHeaderFieldLimit = 100;

// xs:boolean: "true" or "1" (the schema has already refused anything else).
bool xmlBoolean(const xmlNode* node, const char* attribute) {
  const auto value = xmlAttribute(node, attribute);
  return value == "true" || value == "1";
}

std::string name(const xmlNode* node) { return reinterpret_cast<const char*>(node->name); }

std::vector<xmlNode*> children(const xmlNode* parent, const char* localName = nullptr) {
  std::vector<xmlNode*> out;
  for (xmlNode* c = parent ? parent->children : nullptr; c; c = c->next) {
    if (c->type == XML_ELEMENT_NODE && (!localName || xmlIsElement(c, localName))) out.push_back(c);
  }
  return out;
}

xmlNode* child(const xmlNode* parent, const char* localName) {
  const auto all = children(parent, localName);
  return all.empty() ? nullptr : all.front();
}

// Builds a Config from a validated document, collecting every problem.
class ConfigReader {
 public:
  explicit ConfigReader(std::shared_ptr<const XmlDocument> document)
      : document_(std::move(document)),
        doc_(*document_),
        base_(Poco::Path(doc_.file()).makeAbsolute().parent()) {}

  Config read() {
    Config config;
    config.file = Poco::Path(doc_.file()).makeAbsolute().toString();
    const xmlNode* root = doc_.root();
    readServer(child(root, "server"), config.server);
    readAdmin(child(root, "admin"), config.admin);
    readTokens(child(root, "tokens"), config.tokens);
    readSessions(child(root, "sessions"), config);
    if (const auto* logging = child(root, "logging"))
      apply(logging, kLoggingDirectives, config.logging);
    config.logging.errorLog = logPath(config.logging.errorLog);
    config.logging.accessLog = logPath(config.logging.accessLog);
    const Limits limits = readLimits(child(root, "limits")).mergedOver(Limits::defaults());
    const FilterRules filters =
        readFilters(child(root, "filtering")).mergedOver(FilterRules::defaults());
    const auto mime = readMime(child(root, "mime"), {});
    for (const auto* plugin : children(child(root, "plugins"), "plugin")) {
      config.plugins.push_back(readPlugin(plugin));
    }
    config.sections = sections(root);
    for (const auto* site : children(root, "site")) {
      config.sites.push_back(readSite(site, limits, filters, mime));
    }
    checkSites(config.sites);
    if (!problems_.empty()) throw InputError(std::move(problems_));
    return config;
  }

 private:
  void fail(const xmlNode* node, std::string message, std::string_view attribute = {}) {
    problems_.push_back(doc_.at(node, std::move(message), attribute));
  }

  template <class Target>
  void apply(const xmlNode* node, const std::vector<Directive<Target>>& table, Target& target) {
    for (const xmlAttr* a = node->properties; a; a = a->next) {
      const std::string attribute = reinterpret_cast<const char*>(a->name);
      const auto it = std::find_if(table.begin(), table.end(),
                                   [&](const auto& d) { return attribute == d.name; });
      if (it == table.end()) continue;  // the schema has already refused unknown attributes
      try {
        it->set(target, xmlAttribute(node, attribute.c_str()));
      } catch (const std::exception& e) {
        fail(node, name(node) + "/@" + attribute + ": " + e.what(), attribute);
      }
    }
  }

  std::string resolve(const std::string& path) const {
    return Poco::Path(base_).resolve(Poco::Path(path)).toString();
  }

  std::string logPath(const std::string& path) const {
    return (path.empty() || path == "-" || path == "off") ? path : resolve(path);
  }

  void readServer(const xmlNode* node, ServerConfig& server) {
    apply(node, kServerDirectives, server);
    for (const auto* listen : children(node, "listen")) {
      try {
        server.listeners.push_back(
            {Endpoint::parse(xmlAttribute(listen, "address")), xmlBoolean(listen, "reusePort")});
      } catch (const std::invalid_argument& e) {
        fail(listen, std::string("listen/@address: ") + e.what(), "address");
      }
    }
  }

  void readAdmin(const xmlNode* node, AdminConfig& admin) {
    if (!node) return;
    if (xmlHasAttribute(node, "address")) {
      try {
        admin.endpoint = Endpoint::parse(xmlAttribute(node, "address"));
      } catch (const std::invalid_argument& e) {
        fail(node, std::string("admin/@address: ") + e.what(), "address");
      }
    }
    if (xmlHasAttribute(node, "token") && xmlHasAttribute(node, "tokenEnv")) {
      fail(node, "admin: set either token or tokenEnv, not both", "tokenEnv");
    }
    admin.token = xmlAttribute(node, "token");
    if (const auto variable = xmlAttribute(node, "tokenEnv"); !variable.empty()) {
      admin.token = Poco::Environment::get(variable, "");
    }
    if (const auto folder = xmlAttribute(node, "dashboard"); !folder.empty()) {
      std::error_code ec;
      admin.dashboard = resolve(folder);
      if (!fs::is_directory(admin.dashboard, ec)) {
        fail(node, "admin/@dashboard: \"" + admin.dashboard + "\" is not an existing folder",
             "dashboard");
      }
    }
  }

  void readTokens(const xmlNode* node, TokenKeysConfig& tokens) {
    if (!node) return;
    tokens.active = xmlAttribute(node, "active");
    bool activeFound = false;
    for (const auto* key : children(node, "key")) {
      const std::string id = xmlAttribute(key, "id");
      std::string secret = xmlAttribute(key, "secret");
      if (xmlHasAttribute(key, "secretEnv")) {
        const std::string variable = xmlAttribute(key, "secretEnv");
        secret = Poco::Environment::get(variable, "");
        if (secret.empty())
          fail(key, "tokens/key \"" + id + "\": environment variable " + variable + " is not set",
               "secretEnv");
      }
      if (xmlHasAttribute(key, "secret") == xmlHasAttribute(key, "secretEnv")) {
        fail(key, "tokens/key \"" + id + "\": set exactly one of secret or secretEnv");
      } else if (secret.size() < 16 && xmlHasAttribute(key, "secret")) {
        fail(key, "tokens/key \"" + id + "\": a secret needs at least 16 characters", "secret");
      }
      activeFound = activeFound || id == tokens.active;
      tokens.keys.push_back({id, secret});
    }
    if (!activeFound)
      fail(node, "tokens/@active: no key has id \"" + tokens.active + "\"", "active");
  }

  void readSessions(const xmlNode* node, Config& config) {
    if (!node) return;
    auto& sessions = config.sessions;
    apply(node, kSessionsDirectives, sessions);
    if (const auto variable = xmlAttribute(node, "passwordEnv"); !variable.empty()) {
      sessions.password = Poco::Environment::get(variable, "");
      if (sessions.password.empty())
        fail(node, "sessions/@passwordEnv: environment variable " + variable + " is not set",
             "passwordEnv");
    }
    // Each node would sign entry links with a random key of its own, and no
    // other node could verify them.
    if (sessions.store == SessionsConfig::Store::Redis && config.tokens.keys.empty()) {
      fail(node,
           "sessions/@store: with a shared store every node must verify the others' entry "
           "links: configure the same <tokens> keys on every node",
           "store");
    }
  }

  Limits readLimits(const xmlNode* node) {
    Limits limits;
    if (!node) return limits;
    apply(node, kLimitDirectives, limits);
    if (limits.maxHeaders && *limits.maxHeaders > kPocoHeaderFieldLimit) {
      fail(node, "limits/@maxHeaders: at most " + std::to_string(kPocoHeaderFieldLimit),
           "maxHeaders");
    }
    return limits;
  }

  FilterRules readFilters(const xmlNode* node) {
    FilterRules rules;
    for (const auto* rule : children(node)) {
      const std::string value = xmlText(rule);
      if (xmlIsElement(rule, "denyExtension")) rules.denyExtensions.push_back(toLower(value));
      if (xmlIsElement(rule, "allowExtension")) rules.allowExtensions.push_back(toLower(value));
      if (xmlIsElement(rule, "denySegment")) rules.denySegments.push_back(toLower(value));
    }
    return rules;
  }

  std::map<std::string, std::string> readMime(const xmlNode* node,
                                              std::map<std::string, std::string> inherited) {
    for (const auto* type : children(node, "type")) {
      inherited[toLower(xmlAttribute(type, "extension"))] = xmlAttribute(type, "contentType");
    }
    return inherited;
  }

  Params readParams(const xmlNode* node) {
    Params params;
    for (const auto* param : children(node, "param")) {
      params[xmlAttribute(param, "name")] = xmlAttribute(param, "value");
    }
    return params;
  }

  PluginConfig readPlugin(const xmlNode* node) {
    PluginConfig plugin{resolve(xmlAttribute(node, "path")), readParams(node), pos(node)};
    if (!fs::is_regular_file(plugin.path)) {
      fail(node, "plugin \"" + plugin.path + "\" does not exist", "path");
    }
    return plugin;
  }

  SiteConfig readSite(const xmlNode* node, const Limits& limits, const FilterRules& filters,
                      const std::map<std::string, std::string>& mime) {
    SiteConfig site;
    site.name = xmlAttribute(node, "name");
    site.isDefault = xmlBoolean(node, "default");
    site.pos = pos(node);
    const std::string root = resolve(xmlAttribute(node, "root"));
    std::error_code ec;
    if (!fs::is_directory(root, ec)) {
      fail(node, "site \"" + site.name + "\": root \"" + root + "\" is not an existing folder",
           "root");
    } else {
      site.root = fs::canonical(root).string();
    }
    for (const auto* host : children(node, "host")) site.hosts.push_back(toLower(xmlText(host)));
    for (const auto* index : children(node, "index")) site.indexFiles.push_back(xmlText(index));
    site.limits = readLimits(child(node, "limits")).mergedOver(limits);
    site.filters = readFilters(child(node, "filtering")).mergedOver(filters);
    site.mime = readMime(child(node, "mime"), mime);
    for (const auto* handler : children(node, "handler")) {
      HandlerMapping mapping{toLower(xmlAttribute(handler, "extension")),
                             xmlAttribute(handler, "prefix"), xmlAttribute(handler, "use"),
                             readParams(handler), pos(handler)};
      if (mapping.extension.empty() == mapping.prefix.empty()) {
        fail(handler, "handler: set exactly one of extension or prefix");
      }
      site.handlers.push_back(std::move(mapping));
    }
    site.sections = sections(node);
    return site;
  }

  // The children of `parent` in other namespaces than the config's.
  std::vector<ConfigSection> sections(const xmlNode* parent) const {
    std::vector<ConfigSection> found;
    const xmlNs* own = doc_.root()->ns;
    for (const xmlNode* c = parent->children; c; c = c->next) {
      if (c->type != XML_ELEMENT_NODE || !c->ns || (own && xmlStrEqual(c->ns->href, own->href))) {
        continue;
      }
      found.push_back({reinterpret_cast<const char*>(c->ns->href),
                       reinterpret_cast<const char*>(c->name), document_, c});
    }
    return found;
  }

  void checkSites(std::vector<SiteConfig>& sites) {
    std::set<std::string> hosts;
    int defaults = 0;
    for (const auto& site : sites) {
      defaults += site.isDefault ? 1 : 0;
      for (const auto& host : site.hosts) {
        if (!hosts.insert(host).second) {
          problems_.push_back({site.pos.file, site.pos.line, site.pos.column,
                               "host \"" + host + "\" belongs to more than one site"});
        }
      }
    }
    if (defaults > 1) {
      problems_.push_back({doc_.file(), 1, 1, "more than one site has default=\"true\""});
    }
    if (defaults == 0 && !sites.empty()) sites.front().isDefault = true;
  }

  SourcePos pos(const xmlNode* node) const {
    const auto d = doc_.at(node, "");
    return {d.file, d.line, d.column};
  }

  std::shared_ptr<const XmlDocument> document_;
  const XmlDocument& doc_;
  Poco::Path base_;
  std::vector<Diagnostic> problems_;
};

// One step of an override key: an element name, optionally selecting by the
// name attribute as `site:NAME` or, for names with dots, `site[NAME]`.
struct KeyStep {
  std::string element;
  std::optional<std::string> name;
};

// Splits `a.b[x.y].c` at the dots outside brackets.
std::vector<std::string> splitKey(const std::string& key) {
  std::vector<std::string> parts(1);
  int depth = 0;
  for (char c : key) {
    depth += c == '[' ? 1 : c == ']' ? -1 : 0;
    if (c == '.' && depth == 0) {
      parts.emplace_back();
    } else {
      parts.back() += c;
    }
  }
  return parts;
}

KeyStep parseStep(const std::string& step) {
  if (const auto open = step.find('['); open != std::string::npos && step.back() == ']') {
    return {step.substr(0, open), step.substr(open + 1, step.size() - open - 2)};
  }
  if (const auto colon = step.find(':'); colon != std::string::npos) {
    return {step.substr(0, colon), step.substr(colon + 1)};
  }
  return {step, std::nullopt};
}

// Finds the element an override key names, or explains why not.
xmlNode* overrideTarget(xmlNode* root, const std::vector<std::string>& path, std::string& why) {
  xmlNode* node = root;
  for (const auto& text : path) {
    const auto step = parseStep(text);
    xmlNode* next = nullptr;
    for (auto* c : children(node, step.element.c_str())) {
      if (!step.name || xmlAttribute(c, "name") == *step.name) {
        next = c;
        break;
      }
    }
    if (!next) {
      why = "no <" + text + "> element in the config";
      return nullptr;
    }
    node = next;
  }
  return node;
}

// Attributes set from the command line, so errors about them name the --set key.
using OverrideOrigins = std::map<std::pair<const xmlNode*, std::string>, std::string>;

OverrideOrigins applyOverrides(const XmlDocument& doc, const std::vector<Override>& overrides) {
  OverrideOrigins origins;
  std::vector<Diagnostic> problems;
  for (const auto& o : overrides) {
    auto parts = splitKey(o.key);
    const std::string attribute = parts.back();
    parts.pop_back();
    std::string why;
    xmlNode* target = parts.empty() ? nullptr : overrideTarget(doc.root(), parts, why);
    if (parts.empty()) why = "the key needs ELEMENT.ATTRIBUTE";
    if (!target) {
      problems.push_back({"--set", 0, 0, o.key + ": " + why});  // printed as "--set: KEY: why"
      continue;
    }
    xmlSetProp(target, reinterpret_cast<const xmlChar*>(attribute.c_str()),
               reinterpret_cast<const xmlChar*>(o.value.c_str()));
    origins[{target, attribute}] = o.key;
  }
  if (!problems.empty()) throw InputError(std::move(problems));
  return origins;
}

}  // namespace

Override Override::parse(const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0) {
    throw InputError({{"--set", 0, 0, "\"" + text + "\": expected key=value"}});
  }
  return {text.substr(0, eq), text.substr(eq + 1)};
}

Config loadConfig(const std::string& path, const std::vector<Override>& overrides) {
  const auto document = std::make_shared<const XmlDocument>(XmlDocument::parseFile(path));
  const auto& doc = *document;
  const auto origins = applyOverrides(doc, overrides);
  auto problems = doc.validate(configSchema(),
                               [&](const xmlNode* node, std::string_view attribute, Diagnostic& d) {
                                 const auto it = origins.find({node, std::string(attribute)});
                                 if (it == origins.end()) return;
                                 d = {"--set", 0, 0, it->second + ": " + d.message};
                               });
  if (!problems.empty()) throw InputError(std::move(problems));
  return ConfigReader(document).read();
}

}  // namespace interlude::core
