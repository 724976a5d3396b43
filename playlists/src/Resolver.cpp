#include "interlude/playlists/Resolver.h"

#include <Poco/Logger.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/URI.h>

#include <algorithm>
#include <system_error>

#include "interlude/core/Diagnostic.h"
#include "interlude/core/HttpError.h"
#include "interlude/core/HttpGet.h"
#include "interlude/core/RequestPath.h"

namespace interlude::playlists {
namespace {

constexpr std::size_t kMaxLookupBody = 8192;
constexpr std::string_view kRemoteScheme = "httpd://";

std::string chainText(const std::vector<std::string>& chain, const std::string& last) {
  std::string out;
  for (const auto& p : chain) out += p + " -> ";
  return out + last;
}

core::InputError errorAt(const core::SourcePos& pos, std::string message) {
  return core::InputError(
      std::vector<core::Diagnostic>{{pos.file, pos.line, pos.column, std::move(message)}});
}

}  // namespace

bool isHttpUrl(const std::string& s) {
  return s.starts_with("http://") || s.starts_with("https://");
}

bool joinUrlPath(const std::string& base, const std::string& reference, std::string& out) {
  std::vector<std::string> segments;
  const auto push = [&](std::string_view path) {
    std::size_t start = 0;
    while (start <= path.size()) {
      auto slash = path.find('/', start);
      if (slash == std::string_view::npos) slash = path.size();
      const auto segment = path.substr(start, slash - start);
      if (segment == "..") {
        if (segments.empty()) return false;
        segments.pop_back();
      } else if (!segment.empty() && segment != ".") {
        segments.emplace_back(segment);
      }
      start = slash + 1;
    }
    return true;
  };
  if (!reference.starts_with('/') && !push(std::string_view(base).substr(0, base.rfind('/'))))
    return false;
  if (!push(reference)) return false;
  out.clear();
  for (const auto& s : segments) out += "/" + s;
  if (out.empty()) out = "/";
  return true;
}

RemoteLookup httpLookup(std::chrono::milliseconds timeout) {
  return [timeout](const std::string& url) {
    const auto answer = core::httpGet(Poco::URI(url), timeout, "Interlude", kMaxLookupBody);
    if (answer.status != Poco::Net::HTTPResponse::HTTP_OK) {
      throw std::runtime_error("answered " + std::to_string(answer.status));
    }
    auto text = answer.body.substr(0, answer.body.find_first_of("\r\n"));
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.pop_back();
    if (text.empty()) throw std::runtime_error("answered no media URL");
    return text;
  };
}

Resolver::Resolver(std::string siteRoot, PlaylistCache& cache, RemoteLookup lookup,
                   std::shared_ptr<const PlaylistExtensions> extensions)
    : siteRoot_(std::move(siteRoot)),
      root_(siteRoot_),
      cache_(cache),
      lookup_(std::move(lookup)),
      extensions_(std::move(extensions)) {}

// Playlists are read only from inside the site root, symlinks included.
std::shared_ptr<const Playlist> Resolver::load(const std::string& urlPath) const {
  try {
    root_.open(urlPath);
  } catch (const core::HttpError& e) {
    throw std::system_error(std::make_error_code(std::errc::no_such_file_or_directory),
                            urlPath + ": " + e.what());
  }
  return cache_.load(siteRoot_ + urlPath, *extensions_);
}

Resolution Resolver::resolve(const PlaylistRequest& request) const {
  Resolution out(std::make_shared<const ExpandedPlaylist>(expandPlaylist(request)), false);
  applySteps(out, request);
  return out;
}

ExpandedPlaylist Resolver::expandPlaylist(const PlaylistRequest& request) const {
  ExpandedPlaylist out;
  const auto playlist = load(request.path);
  out.head = *playlist;
  out.head.entries.clear();
  std::vector<std::string> chain;
  expand(request.path, *playlist, chain, out);
  return out;
}

void Resolver::applySteps(Resolution& resolution, const PlaylistRequest& request) const {
  for (const auto& step : extensions_->steps()) {
    step->apply(resolution, request);
    resolution.perRequest = resolution.perRequest || step->perRequest();
  }
}

void Resolver::expand(const std::string& urlPath, const Playlist& playlist,
                      std::vector<std::string>& chain, ExpandedPlaylist& out) const {
  chain.push_back(urlPath);
  auto& log = Poco::Logger::get("interlude.playlists");
  for (const auto& entry : playlist.entries) {
    if (entry.isPlaceholder()) {  // the steps fill it; planSession drops it if they do not
      out.entries.push_back(ResolvedEntry{entry, true, "", {}});
      continue;
    }
    const auto& pos = entry.pos;
    const auto source = entry.src.substr(0, entry.src.find('?'));
    if (!entry.isRemoteEntry() && extensions_->provider(core::extensionOf(source))) {
      std::string nested;
      if (!joinUrlPath(urlPath, entry.src, nested)) {
        throw errorAt(pos, "\"" + entry.src + "\" leads outside the site root");
      }
      if (std::find(chain.begin(), chain.end(), nested) != chain.end()) {
        throw errorAt(pos, "playlist cycle: " + chainText(chain, nested));
      }
      if (static_cast<int>(chain.size()) >= kMaxDepth) {
        throw errorAt(pos, "playlists nest deeper than " + std::to_string(kMaxDepth) +
                               " levels: " + chainText(chain, nested));
      }
      try {
        expand(nested, *load(nested), chain, out);
      } catch (const std::system_error& e) {
        throw errorAt(pos, "nested playlist \"" + entry.src + "\": " + e.code().message());
      }
      continue;
    }
    ResolvedEntry resolved{entry, true, entry.src, {}};
    if (entry.isRemoteEntry()) {
      out.perRequest = true;
      try {
        resolved.target = lookup_("http://" + entry.src.substr(kRemoteScheme.size()));
      } catch (const std::exception& e) {
        log.warning(core::Diagnostic{pos.file, pos.line, pos.column,
                                     "remote entry " + entry.src + " skipped: " + e.what()}
                        .str());
        continue;
      }
    }
    if (isHttpUrl(resolved.target)) {
      resolved.local = false;
    } else if (!joinUrlPath(urlPath, resolved.target.substr(0, resolved.target.find('?')),
                            resolved.target)) {
      log.warning(core::Diagnostic{pos.file, pos.line, pos.column,
                                   "\"" + entry.src + "\" leads outside the site root: skipped"}
                      .str());
      continue;
    }
    out.entries.push_back(std::move(resolved));
  }
  chain.pop_back();
}

}  // namespace interlude::playlists
