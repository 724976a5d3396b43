// interlude-loadclient: many slow HTTP/1.1 downloads from one epoll thread, for bench/throttle.sh.
//
// Opens N non-blocking connections to a loopback URL (spread over --ramp seconds), sends one
// GET on each, reads and discards the bodies, and after --duration seconds closes everything
// and prints per-connection figures. The rate of a connection is measured after its fast-start
// burst only: from the read that took its body past --skip-bytes to its last read,
//   rate = (body bytes after that read) / (time between the two reads),
// so a server that paces in chunks is measured over whole chunk intervals.
//
//   interlude-loadclient --url http://127.0.0.1:PORT/path --connections N --duration SECONDS
//                        --skip-bytes B [--ramp SECONDS] [--settle SECONDS]
//                        [--expect-kbps K] [--json]
//
// With --json the JSON goes to stdout and the text report to stderr.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <string_view>
#include <vector>

namespace {

constexpr std::size_t kRecvBuffer = 1 << 20;    // shared by every connection, contents discarded
constexpr std::size_t kMaxHeaderBytes = 16384;  // a longer response head fails the connection
constexpr int kMaxEvents = 1024;
constexpr double kStallSeconds = 5.0;  // no byte in the last 5 s of an open download = stalled

double now() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

struct Options {
  std::string url;
  std::string host = "127.0.0.1";
  std::uint16_t port = 80;
  std::string path = "/";
  sockaddr_in addr{};
  long connections = 0;
  double duration = 0;
  std::uint64_t skipBytes = 0;
  double ramp = 0;
  double settle = 0;
  double expectKbps = 0;
  bool json = false;
};

enum class State : std::uint8_t { kIdle, kConnecting, kHead, kBody, kDone };

// Why a connection ended (or kNone while it ran until the end of the run).
enum class End : std::uint8_t {
  kNone,        // still downloading when the run ended
  kComplete,    // the whole body (Content-Length) arrived
  kFailed,      // connect error, bad or non-2xx response, or closed before a response
  kClosedEarly  // closed or reset by the server in the middle of the body
};

struct Conn {
  int fd = -1;
  State state = State::kIdle;
  End end = End::kNone;
  int status = 0;
  double tStart = 0;     // connect() called
  double tSkip = -1;     // the read that took the body past skipBytes (end of the burst)
  double tMeasure = -1;  // start of the measured part: the first read >= settle after tSkip
  double tLast = 0;      // last read with data
  std::uint64_t body = 0;
  std::uint64_t bodyAtSkip = 0;
  std::uint64_t bodyAtMeasure = 0;
  std::int64_t contentLength = -1;
  std::uint32_t readsMeasured = 0;  // reads after tMeasure
  std::string head;                 // response head until it is complete
};

[[noreturn]] void usage(const char* why) {
  if (why != nullptr) std::fprintf(stderr, "interlude-loadclient: %s\n", why);
  std::fprintf(
      stderr,
      "usage: interlude-loadclient --url http://127.0.0.1:PORT/path --connections N\n"
      "         --duration SECONDS --skip-bytes B [--ramp SECONDS] [--settle SECONDS]\n"
      "         [--expect-kbps K] [--json]\n"
      "  --url          target; the host must be an address in 127.0.0.0/8 (or localhost)\n"
      "  --connections  downloads to run at once\n"
      "  --duration     length of the whole run in seconds, ramp included\n"
      "  --skip-bytes   body bytes of the fast-start burst, not measured\n"
      "  --ramp         seconds over which the connections are opened (default 0)\n"
      "  --settle       seconds after the burst before the measurement starts (default 0)\n"
      "  --expect-kbps  expected rate in kbit/s: adds the rate errors to the report\n"
      "  --json         print JSON on stdout, the text report on stderr\n");
  std::exit(2);
}

double parseNumber(const char* name, const char* text, double min) {
  char* end = nullptr;
  errno = 0;
  const double value = std::strtod(text, &end);
  if (errno != 0 || end == text || *end != '\0' || !std::isfinite(value) || value < min) {
    std::fprintf(stderr, "interlude-loadclient: bad value for %s: %s\n", name, text);
    std::exit(2);
  }
  return value;
}

void parseUrl(Options& o) {
  constexpr std::string_view kScheme = "http://";
  std::string_view rest = o.url;
  if (rest.substr(0, kScheme.size()) != kScheme) usage("--url must start with http://");
  rest.remove_prefix(kScheme.size());
  const auto slash = rest.find('/');
  const std::string_view authority = rest.substr(0, slash);
  o.path = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  const auto colon = authority.rfind(':');
  std::string host(authority.substr(0, colon));
  if (colon != std::string_view::npos) {
    const double port =
        parseNumber("--url port", std::string(authority.substr(colon + 1)).c_str(), 1);
    if (port > 65535 || port != std::floor(port)) usage("bad port in --url");
    o.port = static_cast<std::uint16_t>(port);
  }
  o.host = host;
  if (host == "localhost") host = "127.0.0.1";
  o.addr.sin_family = AF_INET;
  o.addr.sin_port = htons(o.port);
  if (inet_pton(AF_INET, host.c_str(), &o.addr.sin_addr) != 1) {
    usage("the --url host must be an IPv4 address in 127.0.0.0/8 or localhost");
  }
  if ((ntohl(o.addr.sin_addr.s_addr) >> 24) != 127) usage("only 127.0.0.0/8 is allowed");
}

Options parseArgs(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    auto value = [&]() -> const char* {
      if (i + 1 >= argc) usage((std::string(arg) + " needs a value").c_str());
      return argv[++i];
    };
    if (arg == "--url") {
      o.url = value();
    } else if (arg == "--connections") {
      const double n = parseNumber("--connections", value(), 1);
      if (n != std::floor(n) || n > 10'000'000) usage("bad --connections");
      o.connections = static_cast<long>(n);
    } else if (arg == "--duration") {
      o.duration = parseNumber("--duration", value(), 0.001);
    } else if (arg == "--skip-bytes") {
      o.skipBytes = static_cast<std::uint64_t>(parseNumber("--skip-bytes", value(), 0));
    } else if (arg == "--ramp") {
      o.ramp = parseNumber("--ramp", value(), 0);
    } else if (arg == "--settle") {
      o.settle = parseNumber("--settle", value(), 0);
    } else if (arg == "--expect-kbps") {
      o.expectKbps = parseNumber("--expect-kbps", value(), 0);
    } else if (arg == "--json") {
      o.json = true;
    } else if (arg == "--help" || arg == "-h") {
      usage(nullptr);
    } else {
      usage(("unknown argument " + std::string(arg)).c_str());
    }
  }
  if (o.url.empty() || o.connections == 0 || o.duration == 0) {
    usage("--url, --connections and --duration are required");
  }
  if (o.ramp >= o.duration) usage("--ramp must be shorter than --duration");
  parseUrl(o);
  return o;
}

// Raises RLIMIT_NOFILE to the hard limit; returns the soft limit in force.
rlim_t raiseFileLimit() {
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) != 0) return 0;
  if (lim.rlim_cur < lim.rlim_max) {
    lim.rlim_cur = lim.rlim_max;
    setrlimit(RLIMIT_NOFILE, &lim);
    getrlimit(RLIMIT_NOFILE, &lim);
  }
  return lim.rlim_cur;
}

bool iequalsPrefix(std::string_view line, std::string_view prefix) {
  if (line.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    const char a = line[i] >= 'A' && line[i] <= 'Z' ? static_cast<char>(line[i] + 32) : line[i];
    if (a != prefix[i]) return false;
  }
  return true;
}

// Parses a complete response head: sets status and contentLength; false when malformed.
bool parseHead(Conn& c, std::string_view head) {
  if (head.size() < 12 || head.substr(0, 7) != "HTTP/1.") return false;
  c.status = std::atoi(std::string(head.substr(9, 3)).c_str());
  std::size_t pos = head.find("\r\n");
  while (pos != std::string_view::npos && pos + 2 < head.size()) {
    const std::size_t next = head.find("\r\n", pos + 2);
    const std::string_view line = head.substr(pos + 2, next - pos - 2);
    if (iequalsPrefix(line, "content-length:")) {
      c.contentLength = std::strtoll(std::string(line.substr(15)).c_str(), nullptr, 10);
    }
    pos = next;
  }
  return c.status > 0;
}

class Client {
 public:
  explicit Client(const Options& o) : o_(o), conns_(static_cast<std::size_t>(o.connections)) {
    buffer_.resize(kRecvBuffer);
    request_ = "GET " + o.path + " HTTP/1.1\r\nHost: " + o.host + ":" + std::to_string(o.port) +
               "\r\nUser-Agent: interlude-loadclient\r\nAccept: */*\r\nConnection: close\r\n\r\n";
  }

  int run() {
    epfd_ = epoll_create1(EPOLL_CLOEXEC);
    if (epfd_ < 0) {
      std::perror("epoll_create1");
      return 1;
    }
    std::vector<epoll_event> events(kMaxEvents);
    tBegin_ = now();
    const double tEnd = tBegin_ + o_.duration;
    std::size_t opened = 0;
    for (double t = tBegin_; t < tEnd; t = now()) {
      // Open what the ramp allows by now (in slices of 256, so reads keep going meanwhile).
      std::size_t due = conns_.size();
      if (o_.ramp > 0) {
        due = std::min(conns_.size(),
                       static_cast<std::size_t>(std::ceil((t - tBegin_) / o_.ramp *
                                                          static_cast<double>(conns_.size()))));
      }
      for (std::size_t n = 0; opened < due && n < 256; ++n) open(opened++, t);
      int timeoutMs = static_cast<int>(std::ceil((tEnd - t) * 1000));
      if (opened < conns_.size()) timeoutMs = std::min(timeoutMs, o_.ramp > 0 ? 2 : 0);
      timeoutMs = std::clamp(timeoutMs, 0, 100);
      const int n = epoll_wait(epfd_, events.data(), kMaxEvents, timeoutMs);
      if (n < 0) {
        if (errno == EINTR) continue;
        std::perror("epoll_wait");
        break;
      }
      const double tEvents = now();
      for (int i = 0; i < n; ++i) handle(conns_[events[i].data.u64], events[i].events, tEvents);
    }
    tStop_ = now();
    for (auto& c : conns_) {
      if (c.fd >= 0) {
        close(c.fd);
        c.fd = -1;
      }
    }
    close(epfd_);
    return 0;
  }

  void report() const;

 private:
  void open(std::size_t index, double t) {
    Conn& c = conns_[index];
    c.tStart = t;
    c.fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (c.fd < 0) {
      noteError("socket", errno);
      c.end = End::kFailed;
      c.state = State::kDone;
      return;
    }
    const int one = 1;
    setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    const int rc = connect(c.fd, reinterpret_cast<const sockaddr*>(&o_.addr), sizeof o_.addr);
    if (rc != 0 && errno != EINPROGRESS) {
      noteError("connect", errno);
      fail(c);
      return;
    }
    c.state = State::kConnecting;
    epoll_event ev{};
    ev.events = EPOLLOUT;
    ev.data.u64 = index;
    if (epoll_ctl(epfd_, EPOLL_CTL_ADD, c.fd, &ev) != 0) {
      noteError("epoll_ctl", errno);
      fail(c);
    }
  }

  void fail(Conn& c) { finish(c, End::kFailed); }

  void finish(Conn& c, End end) {
    if (c.fd >= 0) close(c.fd);  // also leaves the epoll set
    c.fd = -1;
    c.end = end;
    c.state = State::kDone;
    c.head.clear();
    c.head.shrink_to_fit();
  }

  void noteError(const char* what, int err) {
    if (errors_ < 5) std::fprintf(stderr, "interlude-loadclient: %s: %s\n", what, strerror(err));
    ++errors_;
  }

  void handle(Conn& c, std::uint32_t events, double t) {
    if (c.state == State::kConnecting) {
      int err = 0;
      socklen_t len = sizeof err;
      getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &err, &len);
      if (err != 0 || (events & (EPOLLERR | EPOLLHUP)) != 0) {
        noteError("connect", err != 0 ? err : ECONNRESET);
        fail(c);
        return;
      }
      // The request is tiny: a fresh socket's send buffer always takes it whole.
      if (send(c.fd, request_.data(), request_.size(), MSG_NOSIGNAL) !=
          static_cast<ssize_t>(request_.size())) {
        noteError("send", errno);
        fail(c);
        return;
      }
      epoll_event ev{};
      ev.events = EPOLLIN | EPOLLRDHUP;
      ev.data.u64 = static_cast<std::uint64_t>(&c - conns_.data());
      epoll_ctl(epfd_, EPOLL_CTL_MOD, c.fd, &ev);
      c.state = State::kHead;
      return;
    }
    if (c.state != State::kHead && c.state != State::kBody) return;
    // Level-triggered: one large read per readiness; what is left is reported again.
    const ssize_t got = recv(c.fd, buffer_.data(), buffer_.size(), 0);
    if (got < 0) {
      if (errno == EAGAIN || errno == EINTR) return;
      if (c.state == State::kHead) {
        noteError("recv", errno);
        fail(c);
      } else {
        finish(c, End::kClosedEarly);
      }
      return;
    }
    if (got == 0) {
      if (c.state == State::kHead) {
        fail(c);
      } else if (c.contentLength >= 0 && c.body >= static_cast<std::uint64_t>(c.contentLength)) {
        finish(c, End::kComplete);
      } else if (c.contentLength < 0) {
        finish(c, End::kComplete);  // close-delimited body
      } else {
        finish(c, End::kClosedEarly);
      }
      return;
    }
    std::size_t bodyBytes = static_cast<std::size_t>(got);
    if (c.state == State::kHead) {
      const std::size_t before = c.head.size();
      c.head.append(buffer_.data(), std::min(static_cast<std::size_t>(got), kMaxHeaderBytes));
      const auto endOfHead = c.head.find("\r\n\r\n");
      if (endOfHead == std::string::npos) {
        if (c.head.size() >= kMaxHeaderBytes) fail(c);
        return;
      }
      if (!parseHead(c, std::string_view(c.head).substr(0, endOfHead + 2)) || c.status < 200 ||
          c.status > 299) {
        if (badStatus_ < 5) {
          std::fprintf(stderr, "interlude-loadclient: response %.*s\n",
                       static_cast<int>(c.head.find("\r\n")), c.head.c_str());
        }
        ++badStatus_;
        fail(c);
        return;
      }
      bodyBytes = static_cast<std::size_t>(got) - (endOfHead + 4 - before);
      c.head.clear();
      c.head.shrink_to_fit();
      c.state = State::kBody;
    }
    if (bodyBytes == 0) return;
    ++reads_;
    c.body += bodyBytes;
    c.tLast = t;
    if (c.tSkip < 0 && c.body >= o_.skipBytes) {
      c.tSkip = t;
      c.bodyAtSkip = c.body;
    }
    if (c.tMeasure >= 0) {
      ++c.readsMeasured;
    } else if (c.tSkip >= 0 && t - c.tSkip >= o_.settle) {
      c.tMeasure = t;
      c.bodyAtMeasure = c.body;
    }
    if (c.contentLength >= 0 && c.body >= static_cast<std::uint64_t>(c.contentLength)) {
      finish(c, End::kComplete);
    }
  }

  const Options& o_;
  std::vector<Conn> conns_;
  std::vector<char> buffer_;
  std::string request_;
  int epfd_ = -1;
  double tBegin_ = 0;
  double tStop_ = 0;
  long errors_ = 0;
  long badStatus_ = 0;
  std::uint64_t reads_ = 0;  // reads that returned body bytes
};

// Nearest-rank percentile of sorted values (p in [0, 100]); 0 when empty.
double percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  const double rank = std::ceil(p / 100.0 * static_cast<double>(sorted.size()));
  const auto index = static_cast<std::size_t>(std::max(1.0, rank)) - 1;
  return sorted[std::min(index, sorted.size() - 1)];
}

void Client::report() const {
  long opened = 0, failed = 0, closedEarly = 0, complete = 0, running = 0, noBurst = 0, stalled = 0,
       unmeasured = 0;
  std::uint64_t totalBytes = 0, paced = 0, pacedReads = 0;
  std::vector<double> burstBytes, burstSeconds, rates, errors;
  for (const auto& c : conns_) {
    totalBytes += c.body;
    if (c.end == End::kFailed) {
      ++failed;
      continue;
    }
    ++opened;
    if (c.end == End::kClosedEarly) ++closedEarly;
    if (c.end == End::kComplete) ++complete;
    if (c.end == End::kNone) ++running;
    if (c.tSkip < 0) {
      ++noBurst;
      continue;
    }
    burstBytes.push_back(static_cast<double>(c.bodyAtSkip));
    burstSeconds.push_back(c.tSkip - c.tStart);
    if (c.end == End::kNone && tStop_ - c.tLast > kStallSeconds) ++stalled;
    const double span = c.tLast - c.tMeasure;
    if (c.tMeasure < 0 || span <= 0 || c.end == End::kComplete) {
      ++unmeasured;  // nothing after the burst, or the file ended (no steady rate to speak of)
      continue;
    }
    const double kbps = static_cast<double>(c.body - c.bodyAtMeasure) * 8.0 / 1000.0 / span;
    paced += c.body - c.bodyAtMeasure;
    pacedReads += c.readsMeasured;
    rates.push_back(kbps);
    if (o_.expectKbps > 0) errors.push_back(std::fabs(kbps - o_.expectKbps) / o_.expectKbps * 100);
  }
  std::sort(burstBytes.begin(), burstBytes.end());
  std::sort(burstSeconds.begin(), burstSeconds.end());
  std::sort(rates.begin(), rates.end());
  std::sort(errors.begin(), errors.end());
  rusage self{};
  getrusage(RUSAGE_SELF, &self);
  const double cpu = static_cast<double>(self.ru_utime.tv_sec + self.ru_stime.tv_sec) +
                     static_cast<double>(self.ru_utime.tv_usec + self.ru_stime.tv_usec) * 1e-6;
  const double elapsed = tStop_ - tBegin_;
  const auto max = [](const std::vector<double>& v) { return v.empty() ? 0.0 : v.back(); };
  const auto min = [](const std::vector<double>& v) { return v.empty() ? 0.0 : v.front(); };

  FILE* text = o_.json ? stderr : stdout;
  std::fprintf(text, "url %s: %ld connections, %.1f s (ramp %.1f s), skip %llu bytes\n",
               o_.url.c_str(), o_.connections, elapsed, o_.ramp,
               static_cast<unsigned long long>(o_.skipBytes));
  std::fprintf(text,
               "connections: opened %ld, failed %ld, closed early %ld, complete %ld, still open %ld"
               "\n",
               opened, failed, closedEarly, complete, running);
  std::fprintf(text,
               "burst: reached by %zu, not reached %ld; bytes median %.0f; seconds median %.2f "
               "p95 %.2f max %.2f\n",
               burstBytes.size(), noBurst, percentile(burstBytes, 50), percentile(burstSeconds, 50),
               percentile(burstSeconds, 95), max(burstSeconds));
  std::fprintf(text,
               "rate kbit/s (%zu measured, %ld not): median %.2f p5 %.2f p95 %.2f min %.2f max "
               "%.2f; stalled %ld\n",
               rates.size(), unmeasured, percentile(rates, 50), percentile(rates, 5),
               percentile(rates, 95), min(rates), max(rates), stalled);
  if (o_.expectKbps > 0) {
    std::fprintf(text, "rate error vs %.2f kbit/s: median %.3f%% p95 %.3f%% worst %.3f%%\n",
                 o_.expectKbps, percentile(errors, 50), percentile(errors, 95), max(errors));
  }
  // Over the measured (paced) part only: how finely the server paces.
  const double bytesPerRead =
      pacedReads > 0 ? static_cast<double>(paced) / static_cast<double>(pacedReads) : 0.0;
  std::fprintf(
      text,
      "received %.1f MB (%.1f MB/s) in %llu reads (%.0f B a read when paced); client CPU %.2f s; "
      "errors %ld, non-2xx %ld\n",
      static_cast<double>(totalBytes) / 1e6,
      elapsed > 0 ? static_cast<double>(totalBytes) / 1e6 / elapsed : 0.0,
      static_cast<unsigned long long>(reads_), bytesPerRead, cpu, errors_, badStatus_);
  if (!o_.json) return;
  std::printf(
      "{\"url\":\"%s\",\"connections\":%ld,\"seconds\":%.3f,\"ramp\":%.3f,\"skip_bytes\":%llu,"
      "\"settle\":%.3f,\"opened\":%ld,\"failed\":%ld,\"closed_early\":%ld,\"complete\":%ld,"
      "\"still_open\":%ld,\"burst_reached\":%zu,\"burst_not_reached\":%ld,"
      "\"burst_bytes_median\":%.0f,\"burst_seconds_median\":%.3f,\"burst_seconds_p95\":%.3f,"
      "\"burst_seconds_max\":%.3f,\"measured\":%zu,\"unmeasured\":%ld,\"stalled\":%ld,"
      "\"rate_kbps\":{\"median\":%.3f,\"p5\":%.3f,\"p95\":%.3f,\"min\":%.3f,\"max\":%.3f},",
      o_.url.c_str(), o_.connections, elapsed, o_.ramp,
      static_cast<unsigned long long>(o_.skipBytes), o_.settle, opened, failed, closedEarly,
      complete, running, burstBytes.size(), noBurst, percentile(burstBytes, 50),
      percentile(burstSeconds, 50), percentile(burstSeconds, 95), max(burstSeconds), rates.size(),
      unmeasured, stalled, percentile(rates, 50), percentile(rates, 5), percentile(rates, 95),
      min(rates), max(rates));
  if (o_.expectKbps > 0) {
    std::printf("\"expect_kbps\":%.3f,\"error_pct\":{\"median\":%.4f,\"p95\":%.4f,\"worst\":%.4f},",
                o_.expectKbps, percentile(errors, 50), percentile(errors, 95), max(errors));
  }
  std::printf(
      "\"bytes\":%llu,\"reads\":%llu,\"paced_bytes_per_read\":%.1f,\"client_cpu_seconds\":%.3f,"
      "\"errors\":%ld,\"non_2xx\":%ld}\n",
      static_cast<unsigned long long>(totalBytes), static_cast<unsigned long long>(reads_),
      bytesPerRead, cpu, errors_, badStatus_);
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = parseArgs(argc, argv);
  const rlim_t limit = raiseFileLimit();
  if (limit != 0 && static_cast<rlim_t>(options.connections) + 16 > limit) {
    std::fprintf(stderr,
                 "interlude-loadclient: %ld connections need %ld file descriptors; the limit is "
                 "%llu (raise the hard limit: ulimit -Hn)\n",
                 options.connections, options.connections + 16,
                 static_cast<unsigned long long>(limit));
    return 2;
  }
  Client client(options);
  if (client.run() != 0) return 1;
  client.report();
  return 0;
}
