#pragma once

#include <libxml/xmlerror.h>
#include <libxslt/xsltInternals.h>

#include <string>
#include <vector>

namespace interlude::playlists::xslt {

// One message from libxml2 or libxslt, with where it points when it says so.
struct Report {
  std::string file;
  int line = 0;    // 0: unknown
  int column = 0;  // 0: unknown (libxslt never gives one)
  std::string element;
  std::string message;

  bool located() const { return line > 0; }
};

// Routes libxslt's process-wide generic error function through a per-thread
// capture (libxml2's handlers are per-thread already). Installed once by
// initialize(); threads without a capture keep the previous behaviour.
void installErrorRouting();

// Collects what libxml2 and libxslt report on this thread while alive;
// restores the previous handlers on destruction.
class ErrorCapture {
 public:
  ErrorCapture();
  ~ErrorCapture();
  ErrorCapture(const ErrorCapture&) = delete;
  ErrorCapture& operator=(const ErrorCapture&) = delete;

  // Also collects what a transformation reports through its own error function.
  void attach(xsltTransformContext* context);

  const std::vector<Report>& reports();
  // The messages on one line, for an exception text; `file` stands for
  // messages that name none.
  std::string summary(const std::string& file);

  // Takes libxslt's printf-style output, which comes in pieces ending in '\n'.
  void addText(std::string_view text);

 private:
  static void collectGeneric(void* self, const char* format, ...);
  static void collectStructured(void* self, xmlErrorPtr error);
  void addLine(std::string line);

  std::string pending_;  // text after the last '\n'
  Report location_;      // a libxslt location line awaiting its message
  std::vector<Report> reports_;
  ErrorCapture* outer_;
  xmlStructuredErrorFunc previousHandler_;
  void* previousContext_;
};

}  // namespace interlude::playlists::xslt
