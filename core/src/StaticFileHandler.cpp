#include "interlude/core/StaticFileHandler.h"

#include <Poco/Net/HTTPServerRequestImpl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "WholeFile.h"
#include "interlude/core/BodyPacer.h"
#include "interlude/core/FileSender.h"
#include "interlude/core/HttpError.h"

namespace interlude::core {
namespace {

using Poco::Net::HTTPResponse;

constexpr std::size_t kCacheEntries = 1024;  // at most 32 MiB of cached bodies per site

RequestConditions conditionsOf(const Poco::Net::HTTPServerRequest& request) {
  const auto header = [&](const char* name) { return request.get(name, ""); };
  return {header("If-Match"),          header("If-None-Match"),
          header("If-Modified-Since"), header("If-Unmodified-Since"),
          header("If-Range"),          header("Range")};
}

}  // namespace

StaticFileHandler::StaticFileHandler(const SiteConfig& site, const MimeTypes& mime,
                                     const ServerConfig& server)
    : root_(site.root),
      mime_(mime),
      indexFiles_(site.indexFiles),
      cache_(std::chrono::milliseconds(server.fileCacheMilliseconds), kCacheEntries),
      log_(Poco::Logger::get("interlude.static")) {}

// Opens the file a request path names (a folder's index file for a folder),
// reading small files whole.
std::shared_ptr<const OpenFile> StaticFileHandler::open(
    const RequestContext& context, Poco::Net::HTTPServerResponse& response) const {
  const auto& target = context.target;
  auto file = std::make_shared<OpenFile>();
  file->fd = root_.open(target.path);
  file->servedPath = target.path;
  struct stat info {};
  if (::fstat(file->fd.get(), &info) != 0) throw HttpError(403, "cannot read file");

  if (S_ISDIR(info.st_mode)) {
    if (!target.trailingSlash) {
      std::string location = target.path + "/";
      if (!target.query.empty()) location += "?" + target.query;
      response.set("Location", location);
      throw HttpError(301, "moved to " + location);
    }
    file->fd = FileDescriptor();
    for (const auto& index : indexFiles_) {
      try {
        FileDescriptor candidate = root_.open(target.path + index);
        if (::fstat(candidate.get(), &info) == 0 && S_ISREG(info.st_mode)) {
          file->fd = std::move(candidate);
          file->servedPath = target.path + index;
          break;
        }
      } catch (const HttpError&) {
        continue;  // try the next index file name
      }
    }
    if (!file->fd) throw HttpError(403, "directory listing is not allowed");
  }
  if (!S_ISREG(info.st_mode)) throw HttpError(403, "not a regular file");

  file->size = static_cast<std::uint64_t>(info.st_size);
  const auto mtimeNanos =
      static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1000000000 + info.st_mtim.tv_nsec;
  file->validators = {makeStrongEtag(info.st_ino, file->size, mtimeNanos), info.st_mtim.tv_sec};
  file->device = static_cast<std::uint64_t>(info.st_dev);
  file->inode = static_cast<std::uint64_t>(info.st_ino);
  file->mtimeNanos = mtimeNanos;
  file->lastModified = httpDate(info.st_mtim.tv_sec);
  file->contentType = std::string(mime_.lookup(file->servedPath));
  if (file->size <= OpenFile::kInlineLimit) file->body = readWholeFile(file->fd.get(), file->size);
  file->loadedAt = std::chrono::steady_clock::now();
  return file;
}

void StaticFileHandler::handle(RequestContext& context, Poco::Net::HTTPServerRequest& request,
                               Poco::Net::HTTPServerResponse& response) const {
  auto file = cache_.find(context.target.path);
  if (!file) {
    file = open(context, response);
    cache_.insert(context.target.path, file);
  }
  response.set("ETag", file->validators.etag);
  response.set("Last-Modified", file->lastModified);
  response.set("Accept-Ranges", "bytes");

  const auto conditions = conditionsOf(request);
  switch (evaluatePreconditions(conditions, file->validators)) {
    case Precondition::NotModified:
      response.setStatusAndReason(HTTPResponse::HTTP_NOT_MODIFIED);
      response.send();
      return;
    case Precondition::Failed:
      throw HttpError(412, "precondition failed");
    case Precondition::Proceed:
      break;
  }

  const auto size = file->size;
  const auto decision = decideRange(conditions, file->validators, size);
  if (decision.outcome == RangeOutcome::Unsatisfiable) {
    response.set("Content-Range", "bytes */" + std::to_string(size));
    throw HttpError(416, "range not satisfiable: the file has " + std::to_string(size) + " bytes");
  }
  std::uint64_t offset = 0;
  std::uint64_t length = size;
  if (decision.outcome == RangeOutcome::Partial) {
    offset = decision.range.first;
    length = decision.range.length();
    response.setStatusAndReason(HTTPResponse::HTTP_PARTIAL_CONTENT);
    response.set("Content-Range", "bytes " + std::to_string(decision.range.first) + "-" +
                                      std::to_string(decision.range.last) + "/" +
                                      std::to_string(size));
  }
  response.setContentType(file->contentType);
  response.setContentLength64(static_cast<Poco::Int64>(length));
  if (request.getMethod() == Poco::Net::HTTPRequest::HTTP_HEAD || length == 0) {
    response.send();
    return;
  }
  if (context.body.starting) context.body.starting(offset, length);
  if (context.pacer && sendPaced(context, request, response, file, offset, length)) return;
  if (size <= OpenFile::kInlineLimit) {
    context.bodyBytesSent =
        sendWithBody(request, response, std::string_view(file->body).substr(offset, length));
    if (context.body.sent && context.bodyBytesSent > 0)
      context.body.sent(offset, context.bodyBytesSent);
    return;
  }
  context.bodyBytesSent =
      sendFileRange(request, response, file->fd.get(), offset, length, context.body.sent);
  if (context.bodyBytesSent < length) {
    log_.debug(file->servedPath + ": client went away after " +
               std::to_string(context.bodyBytesSent) + " of " + std::to_string(length) + " bytes");
  }
}

bool StaticFileHandler::sendPaced(RequestContext& context, Poco::Net::HTTPServerRequest& request,
                                  Poco::Net::HTTPServerResponse& response,
                                  const std::shared_ptr<const OpenFile>& file, std::uint64_t offset,
                                  std::uint64_t length) const {
  const FileBody body{file->servedPath, *file, offset, length, request.clientAddress()};
  const auto pace = context.pacer->paceFor(body);
  if (!pace || pace->burstBytes >= length) return false;
  // The pacer owns the socket from here on and closes it after the body. Corked
  // (as nginx's tcp_nopush), the headers leave with the first bytes of the body
  // rather than in a packet of their own; the pacer keeps the socket corked.
  auto& server = static_cast<Poco::Net::HTTPServerRequestImpl&>(request);
  const int on = 1;
  ::setsockopt(server.socket().impl()->sockfd(), IPPROTO_TCP, TCP_CORK, &on, sizeof on);
  response.setKeepAlive(false);
  response.send().flush();
  auto socket = server.detachSocket();
  context.pacer->deliver(body, *pace, std::move(socket), file, context.body.sent);
  return true;
}

void StaticFilesPlugin::configure(PluginContext& context) {
  const ServerConfig server = context.config().server;
  const auto configDir = std::filesystem::path(context.config().file).parent_path();
  context.addHandler(StaticFileHandler::kName, [server, configDir](const HandlerSetup& setup) {
    const auto root = setup.params.find("root");
    if (root == setup.params.end()) {
      return std::make_shared<const StaticFileHandler>(setup.site, setup.mime, server);
    }
    // A mapping served from another folder (the sample's /player/ from www/):
    // the request path is looked up below that folder instead of the site root.
    const auto folder = (configDir / root->second).lexically_normal();
    std::error_code ec;
    if (!std::filesystem::is_directory(folder, ec)) {
      throw std::runtime_error("param root: \"" + folder.string() + "\" is not an existing folder");
    }
    SiteConfig site = setup.site;
    site.root = std::filesystem::canonical(folder).string();
    return std::make_shared<const StaticFileHandler>(site, setup.mime, server);
  });
}

}  // namespace interlude::core
