#include "DashboardFiles.h"

#include <sys/stat.h>

#include "WholeFile.h"
#include "interlude/core/HttpError.h"
#include "interlude/core/RequestPath.h"
#include "interlude/core/Responses.h"

namespace interlude::core {
namespace {

constexpr std::uint64_t kMaxFileBytes = 4 * 1024 * 1024;

std::string readSmallFile(const FileDescriptor& fd) {
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0 || !S_ISREG(info.st_mode)) {
    throw HttpError(404, "not a dashboard file");
  }
  if (static_cast<std::uint64_t>(info.st_size) > kMaxFileBytes) {
    throw HttpError(403, "dashboard file too large");
  }
  return readWholeFile(fd.get(), static_cast<std::uint64_t>(info.st_size));
}

}  // namespace

DashboardFiles::DashboardFiles(const std::string& folder) {
  if (!folder.empty()) root_.emplace(folder);
}

bool DashboardFiles::owns(const std::string& path) {
  return path == "/" || path == "/admin" || path.starts_with(kPrefix);
}

void DashboardFiles::serve(Poco::Net::HTTPServerRequest& request,
                           Poco::Net::HTTPServerResponse& response) const {
  const auto& method = request.getMethod();
  if (method != Poco::Net::HTTPRequest::HTTP_GET && method != Poco::Net::HTTPRequest::HTTP_HEAD) {
    response.set("Allow", "GET, HEAD");
    throw HttpError(405, method + " is not allowed here");
  }
  if (!root_) throw HttpError(404, "no dashboard configured (admin/@dashboard)");
  RequestPath target;
  Rejection why;
  if (!parseRequestTarget(request.getURI(), target, why)) throw HttpError(why.status, why.rule);
  if (!target.path.starts_with(kPrefix)) {
    response.set("Location", std::string(kPrefix));
    throw HttpError(302, "the dashboard is at " + std::string(kPrefix));
  }
  std::string file = target.path.substr(kPrefix.size());
  if (file.empty() || file.ends_with('/')) file += "index.html";
  const auto body = readSmallFile(root_->open(file));
  // The pages change with the server: always revalidated, never stale after an upgrade.
  response.set("Cache-Control", "no-cache");
  response.set("X-Content-Type-Options", "nosniff");
  // Its own files only, and never inside another site's frame (clickjacking of its buttons).
  response.set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
  sendText(response, 200, mime_.lookup(file), body);
}

}  // namespace interlude::core
