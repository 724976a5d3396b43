#include <unistd.h>

#include <cerrno>

#include "Decimal.h"
#include "cache/CacheFillImpl.h"
#include "cache/Freshness.h"

namespace interlude::streaming::cache {

namespace {

bool writeAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const auto n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// Header fields are stored one a line: a CR or LF inside one cannot be.
bool storableFields(const HeaderList& headers) {
  for (const auto& [name, value] : headers) {
    if (name.find_first_of("\r\n:") != std::string::npos ||
        value.find_first_of("\r\n") != std::string::npos) {
      return false;
    }
  }
  return true;
}

std::optional<std::uint64_t> contentLengthOf(const HeaderList& headers) {
  const auto* field = findHeader(headers, "Content-Length");
  return field ? parseDecimal<std::uint64_t>(*field) : std::nullopt;
}

}  // namespace

CacheFill::Impl::Impl(std::shared_ptr<EdgeCache::Impl> cache, std::string key)
    : cache_(std::move(cache)), key_(std::move(key)) {}

CacheFill::Impl::~Impl() {
  if (state_ != State::Over) giveUp(false);
}

bool CacheFill::Impl::begin(int status, const HeaderList& headers) {
  if (state_ != State::Idle) return false;
  const auto now = cache_->now();
  const auto freshness = freshnessOf(status, headers, now);
  contentLength_ = contentLengthOf(headers);
  if (!freshness.storable || !storableFields(headers) ||
      contentLength_.value_or(0) > cache_->maxObjectBytes()) {
    giveUp(true);
    return false;
  }
  head_ = {key_,
           status,
           now,
           freshness.initialAgeSeconds,
           now + freshness.lifetimeSeconds - freshness.initialAgeSeconds,
           headers};
  file_ = cache_->createTemp(tempPath_);
  const auto text = encodeEntryHead(head_);
  if (!file_ || !writeAll(file_.get(), text)) {
    giveUp(false);
    return false;
  }
  headBytes_ = text.size();
  state_ = State::Writing;
  return true;
}

bool CacheFill::Impl::write(std::string_view bytes) {
  if (state_ != State::Writing) return false;
  if (bodyBytes_ + bytes.size() > cache_->maxObjectBytes()) {
    giveUp(true);
    return false;
  }
  if (!writeAll(file_.get(), bytes)) {
    giveUp(false);
    return false;
  }
  bodyBytes_ += bytes.size();
  return true;
}

void CacheFill::Impl::commit() {
  if (state_ != State::Writing) return;
  // A body shorter than its Content-Length is a broken fetch, not an object.
  if (contentLength_ && *contentLength_ != bodyBytes_) {
    giveUp(false);
    return;
  }
  file_ = core::FileDescriptor();
  if (!cache_->install(tempPath_, std::move(head_), headBytes_, headBytes_ + bodyBytes_)) {
    ::unlink(tempPath_.c_str());
  }
  state_ = State::Over;
  cache_->land(key_);
}

void CacheFill::Impl::giveUp(bool notStorable) {
  if (state_ == State::Over) return;
  file_ = core::FileDescriptor();
  if (!tempPath_.empty()) ::unlink(tempPath_.c_str());
  if (notStorable) cache_->markNotStorable(key_);
  state_ = State::Over;
  cache_->land(key_);
}

CacheFill::CacheFill(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CacheFill::~CacheFill() = default;
bool CacheFill::begin(int status, const HeaderList& headers) {
  return impl_->begin(status, headers);
}
bool CacheFill::write(std::string_view bytes) { return impl_->write(bytes); }
void CacheFill::commit() { impl_->commit(); }

}  // namespace interlude::streaming::cache
