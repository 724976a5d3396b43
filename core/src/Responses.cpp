#include "interlude/core/Responses.h"

#include "interlude/core/FileSender.h"
#include "interlude/core/HttpConditions.h"

namespace interlude::core {
namespace {

void setTextHeaders(Poco::Net::HTTPServerResponse& response, int status,
                    std::string_view contentType, std::size_t size) {
  response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
  response.setContentType(std::string(contentType));
  response.setContentLength64(static_cast<Poco::Int64>(size));
}

}  // namespace

void sendText(Poco::Net::HTTPServerResponse& response, int status, std::string_view contentType,
              const std::string& body) {
  setTextHeaders(response, status, contentType, body.size());
  response.sendBuffer(body.data(), body.size());
}

void sendText(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
              int status, std::string_view contentType, std::string_view body) {
  setTextHeaders(response, status, contentType, body.size());
  if (request.getMethod() == Poco::Net::HTTPRequest::HTTP_HEAD) {
    response.send();  // the headers alone
    return;
  }
  sendWithBody(request, response, body);
}

const std::string& responseDate(std::time_t now) {
  thread_local std::time_t formatted = -1;
  thread_local std::string text;
  if (now != formatted) {
    text = httpDate(now);
    formatted = now;
  }
  return text;
}

void sendError(Poco::Net::HTTPServerResponse& response, int status, const std::string& reason) {
  const auto& text = Poco::Net::HTTPResponse::getReasonForStatus(
      static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
  sendText(response, status, "text/plain; charset=utf-8",
           std::to_string(status) + " " + text + ": " + reason + "\n");
}

}  // namespace interlude::core
