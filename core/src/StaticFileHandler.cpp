#include "interlude/core/StaticFileHandler.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "interlude/core/FileDescriptor.h"
#include "interlude/core/FileSender.h"
#include "interlude/core/HttpConditions.h"
#include "interlude/core/HttpError.h"

namespace interlude::core {
namespace {

using Poco::Net::HTTPResponse;

RequestConditions conditionsOf(const Poco::Net::HTTPServerRequest& request) {
  const auto header = [&](const char* name) { return request.get(name, ""); };
  return {header("If-Match"),          header("If-None-Match"),
          header("If-Modified-Since"), header("If-Unmodified-Since"),
          header("If-Range"),          header("Range")};
}

}  // namespace

StaticFileHandler::StaticFileHandler(const std::string& root, int sendTimeoutSeconds)
    : root_(root),
      sendTimeoutSeconds_(sendTimeoutSeconds),
      log_(Poco::Logger::get("interlude.static")) {}

void StaticFileHandler::handle(RequestContext& context, Poco::Net::HTTPServerRequest& request,
                               Poco::Net::HTTPServerResponse& response) const {
  const auto& target = context.target;
  FileDescriptor file = root_.open(target.path);
  struct stat info {};
  if (::fstat(file.get(), &info) != 0) throw HttpError(403, "cannot read file");
  std::string path = target.path;

  if (S_ISDIR(info.st_mode)) {
    if (!target.trailingSlash) {
      std::string location = target.path + "/";
      if (!target.query.empty()) location += "?" + target.query;
      response.set("Location", location);
      throw HttpError(301, "moved to " + location);
    }
    file = FileDescriptor();
    for (const auto& index : context.site.indexFiles) {
      try {
        FileDescriptor candidate = root_.open(target.path + index);
        if (::fstat(candidate.get(), &info) == 0 && S_ISREG(info.st_mode)) {
          file = std::move(candidate);
          path = target.path + index;
          break;
        }
      } catch (const HttpError&) {
        continue;  // try the next index file name
      }
    }
    if (!file) throw HttpError(403, "directory listing is not allowed");
  }
  if (!S_ISREG(info.st_mode)) throw HttpError(403, "not a regular file");

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
  context.addHandler(StaticFileHandler::kName, [sendTimeout](const HandlerSetup& setup) {
    return std::make_shared<const StaticFileHandler>(setup.site.root, sendTimeout);
  });
}

}  // namespace interlude::core
