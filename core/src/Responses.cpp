#include "interlude/core/Responses.h"

namespace interlude::core {

void sendText(Poco::Net::HTTPServerResponse& response, int status, std::string_view contentType,
              const std::string& body) {
  response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
  response.setContentType(std::string(contentType));
  response.setContentLength64(static_cast<Poco::Int64>(body.size()));
  response.sendBuffer(body.data(), body.size());
}

void sendError(Poco::Net::HTTPServerResponse& response, int status, const std::string& reason) {
  const auto& text = Poco::Net::HTTPResponse::getReasonForStatus(
      static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
  sendText(response, status, "text/plain; charset=utf-8",
           std::to_string(status) + " " + text + ": " + reason + "\n");
}

}  // namespace interlude::core
