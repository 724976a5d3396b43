#pragma once

#include <libxml/parser.h>
#include <libxml/uri.h>
#include <libxml/xmlmemory.h>
#include <libxslt/transform.h>
#include <libxslt/xsltInternals.h>

#include <memory>

namespace interlude::playlists::xslt {

// Owning pointers for libxml2 and libxslt objects.
template <class T, void (*Free)(T*)>
struct FreeWith {
  void operator()(T* p) const { Free(p); }
};
struct XmlFree {
  void operator()(void* p) const { xmlFree(p); }
};

using StylesheetPtr = std::unique_ptr<xsltStylesheet, FreeWith<xsltStylesheet, xsltFreeStylesheet>>;
using TransformContextPtr =
    std::unique_ptr<xsltTransformContext, FreeWith<xsltTransformContext, xsltFreeTransformContext>>;
using ParserPtr = std::unique_ptr<xmlParserCtxt, FreeWith<xmlParserCtxt, xmlFreeParserCtxt>>;
using UriPtr = std::unique_ptr<xmlURI, FreeWith<xmlURI, xmlFreeURI>>;
using XmlStringPtr = std::unique_ptr<xmlChar, XmlFree>;

}  // namespace interlude::playlists::xslt
