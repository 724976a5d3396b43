#pragma once

#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>

namespace interlude::core {

// Validators of a representation: a strong ETag and its modification time.
struct Validators {
  std::string etag;  // quoted, strong: "..."
  std::time_t lastModified = 0;
};

struct RequestConditions {
  std::string ifMatch;
  std::string ifNoneMatch;
  std::string ifModifiedSince;
  std::string ifUnmodifiedSince;
  std::string ifRange;
  std::string range;
};

enum class Precondition { Proceed, NotModified, Failed };

// RFC 9110 section 13.2.2 evaluation order for GET/HEAD.
Precondition evaluatePreconditions(const RequestConditions& request, const Validators& current);

struct ByteRange {
  std::uint64_t first = 0;
  std::uint64_t last = 0;  // inclusive
  std::uint64_t length() const { return last - first + 1; }
};

enum class RangeOutcome { Full, Partial, Unsatisfiable };

struct RangeDecision {
  RangeOutcome outcome = RangeOutcome::Full;
  ByteRange range;
};

// Decides between 200, 206 and 416 for a representation of `size` bytes.
// One byte range is served as 206; several ranges, a syntax error or a failed
// If-Range give the full representation (RFC 9110 allows ignoring Range).
RangeDecision decideRange(const RequestConditions& request, const Validators& current,
                          std::uint64_t size);

std::string makeStrongEtag(std::uint64_t inode, std::uint64_t size, std::int64_t mtimeNanos);
std::string httpDate(std::time_t time);
std::optional<std::time_t> parseHttpDate(std::string_view text);

}  // namespace interlude::core
