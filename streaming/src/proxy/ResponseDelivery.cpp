#include "proxy/ResponseDelivery.h"

#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/String.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <array>
#include <cerrno>
#include <vector>

#include "interlude/core/FileSender.h"
#include "interlude/core/HttpConditions.h"
#include "interlude/core/Responses.h"
#include "proxy/BodyRelay.h"
#include "proxy/ForwardedHeaders.h"

namespace interlude::streaming::proxy {
namespace {

using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;

constexpr std::size_t kCopyChunk = 64 << 10;

int clientFd(Poco::Net::HTTPServerRequest& request) {
  return static_cast<Poco::Net::HTTPServerRequestImpl&>(request).socket().impl()->sockfd();
}

void setCork(int socket, int on) { ::setsockopt(socket, IPPROTO_TCP, TCP_CORK, &on, sizeof on); }

bool sendAll(int socket, const char* data, std::size_t size) {
  while (size > 0) {
    const auto n = ::send(socket, data, size, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

// A body cut short must not look complete to the client: the connection ends
// without the last chunk (and without keep-alive).
void abortClient(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
  response.setKeepAlive(false);
  ::shutdown(clientFd(request), SHUT_RDWR);
}

void copyHead(const UpstreamExchange& exchange, const DeliveryPlan& plan,
              Poco::Net::HTTPServerResponse& to) {
  to.setStatusAndReason(exchange.response.getStatus(), exchange.response.getReason());
  copyResponseHeaders(exchange.response, to);
  rewriteLocation(to, exchange.upstream->urlOf("/"), plan.publicPrefix);
}

bool identityEncoded(const HTTPResponse& response) {
  const std::string encoding = response.get("Content-Encoding", "identity");
  return encoding.empty() || Poco::icompare(encoding, "identity") == 0;
}

std::string readManifest(UpstreamExchange& exchange, std::size_t max) {
  std::string body;
  std::array<char, 16 << 10> chunk;
  auto& in = *exchange.body;
  while (in) {
    in.read(chunk.data(), chunk.size());
    body.append(chunk.data(), static_cast<std::size_t>(in.gcount()));
    if (body.size() > max) {
      exchange.finish(false);
      throw UpstreamError(502, "manifest over " + std::to_string(max) + " bytes");
    }
  }
  if (in.bad()) {
    const bool timedOut =
        exchange.connection->networkException() &&
        dynamic_cast<const Poco::TimeoutException*>(exchange.connection->networkException());
    exchange.finish(false);
    throw UpstreamError(timedOut ? 504 : 502, "upstream failed while sending the manifest");
  }
  exchange.finish(exchange.response.hasContentLength() ||
                  exchange.response.getChunkedTransferEncoding());
  return body;
}

Delivery deliverManifest(UpstreamExchange& exchange, Poco::Net::HTTPServerRequest& request,
                         Poco::Net::HTTPServerResponse& response, const DeliveryPlan& plan) {
  auto rewrite = *plan.rewrite;
  rewrite.publicPrefix = plan.publicPrefix;
  rewrite.manifestUrl = exchange.upstream->urlOf(std::string(plan.target));
  std::string body;
  try {
    body = manifest::filterManifest(readManifest(exchange, plan.maxManifestBytes), rewrite);
  } catch (const manifest::ManifestError& e) {
    throw UpstreamError(502, "unusable manifest (line " + std::to_string(e.line()) + ", " +
                                 e.field() + "): " + e.what());
  }
  copyHead(exchange, plan, response);
  response.setContentLength64(static_cast<Poco::Int64>(body.size()));
  if (plan.fill) {
    auto fields = endToEndHeaders(exchange.response);
    std::erase_if(fields,
                  [](const auto& f) { return Poco::icompare(f.first, "Content-Length") == 0; });
    fields.emplace_back("Content-Length", std::to_string(body.size()));
    if (plan.fill->begin(exchange.response.getStatus(), fields) && plan.fill->write(body)) {
      plan.fill->commit();
    }
  }
  const auto sent = core::sendWithBody(request, response, body);
  return {body.size(), sent, sent == body.size(), false};
}

// A fixed-length body no one else needs to see: spliced from socket to socket.
Delivery deliverSpliced(UpstreamExchange& exchange, Poco::Net::HTTPServerRequest& request,
                        Poco::Net::HTTPServerResponse& response, const DeliveryPlan& plan) {
  auto& connection = *exchange.connection;
  const auto length = static_cast<std::uint64_t>(exchange.response.getContentLength64());
  copyHead(exchange, plan, response);
  response.setContentLength64(static_cast<Poco::Int64>(length));
  if (length <= connection.readAhead()) {
    // Small bodies came with the head: headers and body leave in one write.
    thread_local std::string small;
    small.resize(length);
    connection.takeReadAhead(small.data(), length);
    exchange.finish(true);
    const auto sent = core::sendWithBody(request, response, small);
    return {length, sent, sent == length, false};
  }
  const int client = clientFd(request);
  setCork(client, 1);
  response.send().flush();
  Delivery delivery;
  std::array<char, 8 << 10> ahead;
  const auto taken = connection.takeReadAhead(ahead.data(), ahead.size());
  delivery.bytesIn = taken;
  if (!sendAll(client, ahead.data(), taken)) {
    setCork(client, 0);
    exchange.finish(false);
    response.setKeepAlive(false);
    return {taken, 0, false, false};
  }
  delivery.bytesOut = taken;
  // Given back once its body is read whole, even if the client then goes away.
  const auto relay =
      relayBody(connection.fd(), client, length - taken, [&] { exchange.finish(true); });
  setCork(client, 0);
  delivery.bytesIn += relay.read;
  delivery.bytesOut += relay.written;
  delivery.complete = relay.end == RelayEnd::Complete;
  delivery.upstreamFailed = relay.end == RelayEnd::UpstreamFailed;
  exchange.finish(delivery.complete);
  if (!delivery.complete) response.setKeepAlive(false);
  return delivery;
}

// Chunked or close-delimited bodies, and bodies the cache keeps a copy of:
// read through POCO's body stream, written on as they come.
Delivery deliverCopied(UpstreamExchange& exchange, Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response, const DeliveryPlan& plan) {
  cache::CacheFill* fill = plan.fill;
  const auto& head = exchange.response;
  const bool fixed = head.hasContentLength() && !head.getChunkedTransferEncoding();
  const bool untilClose = !fixed && !head.getChunkedTransferEncoding();
  copyHead(exchange, plan, response);
  if (fixed) {
    response.setContentLength64(head.getContentLength64());
  } else if (request.getVersion() == Poco::Net::HTTPMessage::HTTP_1_1) {
    response.setChunkedTransferEncoding(true);
  }
  bool storing = fill && fill->begin(head.getStatus(), endToEndHeaders(head));
  std::ostream& out = response.send();
  const int client = clientFd(request);
  if (fixed) out.flush();  // headers now; the body goes straight to the socket

  thread_local std::vector<char> buffer(kCopyChunk);
  Delivery delivery;
  auto& in = *exchange.body;
  bool clientOk = true;
  while (in && clientOk) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const auto n = static_cast<std::size_t>(in.gcount());
    if (n == 0) continue;
    delivery.bytesIn += n;
    if (storing) storing = fill->write({buffer.data(), n});
    if (fixed) {
      clientOk = sendAll(client, buffer.data(), n);
    } else {
      out.write(buffer.data(), static_cast<std::streamsize>(n));
      out.flush();  // live bodies: each piece leaves as it comes
      clientOk = out.good();
    }
    if (clientOk) delivery.bytesOut += n;
  }
  const bool upstreamOk =
      !in.bad() &&
      (!fixed || delivery.bytesIn == static_cast<std::uint64_t>(head.getContentLength64()));
  delivery.complete = upstreamOk && clientOk;
  delivery.upstreamFailed = !upstreamOk;
  if (storing && delivery.complete) fill->commit();
  exchange.finish(delivery.complete && !untilClose);
  if (!delivery.complete) abortClient(request, response);
  return delivery;
}

}  // namespace

Delivery deliverResponse(UpstreamExchange& exchange, Poco::Net::HTTPServerRequest& request,
                         Poco::Net::HTTPServerResponse& response, const DeliveryPlan& plan) {
  const auto& head = exchange.response;
  if (!exchange.hasBody()) {
    copyHead(exchange, plan, response);
    if (head.hasContentLength()) response.setContentLength64(head.getContentLength64());
    exchange.finish(true);  // before the client has the answer and can ask again
    response.send();
    return {};
  }
  if (plan.rewrite && head.getStatus() == HTTPResponse::HTTP_OK && identityEncoded(head) &&
      manifest::isManifestResponse(plan.path, head.getContentType())) {
    return deliverManifest(exchange, request, response, plan);
  }
  if (!plan.fill && head.hasContentLength() && !head.getChunkedTransferEncoding()) {
    return deliverSpliced(exchange, request, response, plan);
  }
  return deliverCopied(exchange, request, response, plan);
}

Delivery deliverCacheHit(const cache::CacheHit& hit, Poco::Net::HTTPServerRequest& request,
                         Poco::Net::HTTPServerResponse& response) {
  response.setStatusAndReason(static_cast<HTTPResponse::HTTPStatus>(hit.status));
  copyResponseHeaders(hit.headers, response);
  response.set("Age", std::to_string(hit.ageSeconds));
  response.set("X-Cache", cache::EdgeCache::xCacheValue(true));
  std::uint64_t offset = 0;
  std::uint64_t length = hit.bodySize;
  if (hit.status == HTTPResponse::HTTP_OK && request.has("Range")) {
    core::RequestConditions conditions;
    conditions.range = request.get("Range");
    const auto decision = core::decideRange(conditions, {}, hit.bodySize);
    const auto size = std::to_string(hit.bodySize);
    if (decision.outcome == core::RangeOutcome::Unsatisfiable) {
      response.set("Content-Range", "bytes */" + size);
      core::sendError(response, 416, "range not satisfiable: the object has " + size + " bytes");
      return {};
    }
    if (decision.outcome == core::RangeOutcome::Partial) {
      offset = decision.range.first;
      length = decision.range.length();
      response.setStatusAndReason(HTTPResponse::HTTP_PARTIAL_CONTENT);
      response.set("Content-Range", "bytes " + std::to_string(decision.range.first) + "-" +
                                        std::to_string(decision.range.last) + "/" + size);
    }
  }
  response.setContentLength64(static_cast<Poco::Int64>(length));
  if (request.getMethod() == HTTPRequest::HTTP_HEAD || length == 0) {
    response.send();
    return {};
  }
  const auto sent =
      core::sendFileRange(request, response, hit.body.get(), hit.bodyOffset + offset, length);
  return {0, sent, sent == length, false};
}

}  // namespace interlude::streaming::proxy
