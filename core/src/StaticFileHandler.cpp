#include "interlude/core/StaticFileHandler.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <memory>

#include "interlude/core/FileSender.h"
#include "interlude/core/HttpConditions.h"
#include "interlude/core/HttpError.h"

namespace interlude::core {
namespace {

using Poco::Net::HTTPResponse;

class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

// The real path of `path` inside `root`, or why it cannot be served.
std::string confinedRealPath(const std::string& root, const std::string& path) {
  const std::string joined = root + path;
  std::unique_ptr<char, decltype(&std::free)> real(::realpath(joined.c_str(), nullptr), &std::free);
  if (!real) {
    if (errno == ENOENT || errno == ENOTDIR) throw HttpError(404, "no such file");
    if (errno == EACCES) throw HttpError(403, "permission denied");
    throw HttpError(404, "cannot resolve path");
  }
  const std::string resolved(real.get());
  const bool inside = resolved == root || root == "/" ||
                      (resolved.starts_with(root) && resolved[root.size()] == '/');
  if (!inside) {
    throw HttpError(403, "path leads outside the site root");
  }
  return resolved;
}

RequestConditions conditionsOf(const Poco::Net::HTTPServerRequest& request) {
  const auto header = [&](const char* name) { return request.get(name, ""); };
  return {header("If-Match"),          header("If-None-Match"),
          header("If-Modified-Since"), header("If-Unmodified-Since"),
          header("If-Range"),          header("Range")};
}

}  // namespace

StaticFileHandler::StaticFileHandler(int sendTimeoutSeconds)
    : sendTimeoutSeconds_(sendTimeoutSeconds), log_(Poco::Logger::get("interlude.static")) {}

void StaticFileHandler::handle(RequestContext& context, Poco::Net::HTTPServerRequest& request,
                               Poco::Net::HTTPServerResponse& response) const {
  const std::string& root = context.site.root;
  std::string path = confinedRealPath(root, context.target.path);
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) throw HttpError(404, "no such file");

  if (S_ISDIR(info.st_mode)) {
    if (!context.target.trailingSlash) {
      std::string location = context.target.path + "/";
      if (!context.target.query.empty()) location += "?" + context.target.query;
      response.set("Location", location);
      throw HttpError(301, "moved to " + location);
    }
    bool found = false;
    for (const auto& index : context.site.indexFiles) {
      try {
        const std::string candidate = confinedRealPath(root, context.target.path + index);
        if (::stat(candidate.c_str(), &info) == 0 && S_ISREG(info.st_mode)) {
          path = candidate;
          found = true;
          break;
        }
      } catch (const HttpError&) {
        continue;  // try the next index file name
      }
    }
    if (!found) throw HttpError(403, "directory listing is not allowed");
  }
  if (!S_ISREG(info.st_mode)) throw HttpError(403, "not a regular file");

  FileDescriptor file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (file.get() < 0 || ::fstat(file.get(), &info) != 0) throw HttpError(403, "cannot open file");

  const auto size = static_cast<std::uint64_t>(info.st_size);
  const Validators validators{
      makeStrongEtag(
          info.st_ino, size,
          static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1000000000 + info.st_mtim.tv_nsec),
      info.st_mtim.tv_sec};
  response.set("ETag", validators.etag);
  response.set("Last-Modified", httpDate(validators.lastModified));
  response.set("Accept-Ranges", "bytes");

  const auto conditions = conditionsOf(request);
  switch (evaluatePreconditions(conditions, validators)) {
    case Precondition::NotModified:
      response.setStatusAndReason(HTTPResponse::HTTP_NOT_MODIFIED);
      response.send();
      return;
    case Precondition::Failed:
      throw HttpError(412, "precondition failed");
    case Precondition::Proceed:
      break;
  }

  const auto decision = decideRange(conditions, validators, size);
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
  response.setContentType(std::string(context.mime.lookup(path)));
  response.setContentLength64(static_cast<Poco::Int64>(length));
  if (request.getMethod() == Poco::Net::HTTPRequest::HTTP_HEAD || length == 0) {
    response.send();
    return;
  }
  context.bodyBytesSent =
      sendFileBody(request, response, file.get(), offset, length, sendTimeoutSeconds_);
  if (context.bodyBytesSent < length) {
    log_.debug(path + ": client went away after " + std::to_string(context.bodyBytesSent) + " of " +
               std::to_string(length) + " bytes");
  }
}

void StaticFilesPlugin::configure(PluginContext& context) {
  const int sendTimeout = context.config().server.timeoutSeconds;
  context.addHandler(StaticFileHandler::kName, [sendTimeout](const HandlerSetup&) {
    return std::make_shared<const StaticFileHandler>(sendTimeout);
  });
}

}  // namespace interlude::core
