#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct _xmlNode;

namespace interlude::core {

class XmlDocument;

// Where a config element came from, so later checks can report file:line:col.
struct SourcePos {
  std::string file;
  int line = 0;
  int column = 0;
};

struct Endpoint {
  std::string host;  // literal IP, without brackets
  std::uint16_t port = 0;
  bool ipv6 = false;

  std::string str() const;                         // 127.0.0.1:8080 or [::1]:8080
  static Endpoint parse(const std::string& text);  // throws std::invalid_argument
};

struct ListenConfig {
  Endpoint endpoint;
  bool reusePort = false;
};

struct ServerConfig {
  std::vector<ListenConfig> listeners;
  int workers = 32;
  int queue = 256;
  int keepAliveSeconds = 5;
  int timeoutSeconds = 30;
  int shutdownGraceSeconds = 10;
  int fileCacheMilliseconds = 1000;  // open-file cache validity; 0: off
};

struct AdminConfig {
  Endpoint endpoint{"127.0.0.1", 8081, false};
  std::string token;  // resolved from `token` or the `tokenEnv` variable; empty: API disabled
  std::string dashboard;  // the dashboard's folder (www/admin), absolute; empty: no dashboard
};

// Keys that sign entry tokens; none configured: a random key per process.
struct TokenKeysConfig {
  struct Key {
    std::string id;
    std::string secret;
  };
  std::vector<Key> keys;
  std::string active;
};

// Where playlist sessions and counters live: this process's memory, or a Redis
// server that several nodes behind a balancer share.
struct SessionsConfig {
  enum class Store { Memory, Redis };
  // What a node does while Redis is unreachable: refuse new sessions (503), or
  // keep them in its own memory (they then continue on that node only).
  enum class Fallback { Refuse, Memory };
  Store store = Store::Memory;
  std::string address = "127.0.0.1:6379";  // host:port
  std::string password;                    // from passwordEnv; empty: no AUTH
  std::string prefix = "interlude:";       // of every key, so deployments can share a Redis
  Fallback fallback = Fallback::Refuse;
  int connectTimeoutMilliseconds = 500;
  int timeoutMilliseconds = 1000;  // for each reply
};

enum class AccessLogFormat { Combined, W3C };

struct LoggingConfig {
  std::string level = "information";
  std::string errorLog = "-";  // "-" is stderr
  std::string accessLog;       // empty or "off": no access log; "-" is stdout
  AccessLogFormat accessFormat = AccessLogFormat::Combined;
};

// Request limits. Unset fields inherit from the enclosing scope (global -> site).
struct Limits {
  std::optional<std::uint64_t> maxUrlBytes;
  std::optional<std::uint64_t> maxHeaders;
  std::optional<std::uint64_t> maxHeaderBytes;
  std::optional<std::uint64_t> maxBodyBytes;

  Limits mergedOver(const Limits& parent) const;
  static Limits defaults();
};

struct FilterRules {
  std::vector<std::string> denyExtensions;   // lower case, with the dot
  std::vector<std::string> allowExtensions;  // removes a default or inherited deny
  std::vector<std::string> denySegments;

  FilterRules mergedOver(const FilterRules& parent) const;
  static FilterRules defaults();
};

using Params = std::map<std::string, std::string>;

// An element in a namespace other than the config's, at the top level or in a
// site: a module's own settings (e.g. <throttling xmlns="urn:interlude:throttling:1">),
// validated and read by the plugin that claims the namespace. Keeps the parsed
// document alive so the plugin can report file:line:col.
struct ConfigSection {
  std::string namespaceUri;
  std::string name;  // local name
  std::shared_ptr<const XmlDocument> document;
  const _xmlNode* element = nullptr;
};

struct PluginConfig {
  std::string path;  // absolute
  Params params;
  SourcePos pos;
};

struct HandlerMapping {
  std::string extension;  // lower case with dot, or empty
  std::string prefix;     // or empty
  std::string use;        // handler name registered by a plugin
  Params params;
  SourcePos pos;
};

struct SiteConfig {
  std::string name;
  std::string root;  // absolute, canonical
  bool isDefault = false;
  std::vector<std::string> hosts;  // lower case, without port
  std::vector<std::string> indexFiles;
  Limits limits;                            // merged with the global ones
  FilterRules filters;                      // merged with the global ones
  std::map<std::string, std::string> mime;  // overrides merged with the global ones
  std::vector<HandlerMapping> handlers;
  std::vector<ConfigSection> sections;  // modules' settings for this site
  SourcePos pos;
};

struct Config {
  std::string file;  // absolute path of the config file
  ServerConfig server;
  AdminConfig admin;
  TokenKeysConfig tokens;
  SessionsConfig sessions;
  LoggingConfig logging;
  std::vector<PluginConfig> plugins;
  std::vector<ConfigSection> sections;  // modules' settings for every site
  std::vector<SiteConfig> sites;

  // The sections in `namespaceUri` (the top-level ones, or a site's).
  static std::vector<const ConfigSection*> sectionsIn(const std::vector<ConfigSection>& sections,
                                                      std::string_view namespaceUri);
  // The one section in `namespaceUri` of a scope, valid against `xsd`; null when
  // there is none. Throws InputError, at their positions, for a second <element>
  // in the scope and for what the schema refuses.
  static const ConfigSection* soleSectionIn(const std::vector<ConfigSection>& sections,
                                            std::string_view namespaceUri, std::string_view xsd,
                                            const std::string& element);
};

}  // namespace interlude::core
