#include "manifest/UriReference.h"

namespace interlude::streaming::manifest {

UriReference UriReference::split(std::string_view text) {
  UriReference parts;
  if (const auto hash = text.find('#'); hash != std::string_view::npos) {
    parts.fragment = text.substr(hash + 1);
    text = text.substr(0, hash);
  }
  if (const auto question = text.find('?'); question != std::string_view::npos) {
    parts.query = text.substr(question + 1);
    text = text.substr(0, question);
  }
  // A scheme is what precedes the first ':' if no '/' comes before it.
  if (const auto colon = text.find(':');
      colon != std::string_view::npos && colon > 0 && text.find('/') > colon) {
    parts.scheme = text.substr(0, colon);
    text = text.substr(colon + 1);
  }
  if (text.starts_with("//")) {
    const auto end = text.find('/', 2);
    parts.authority = text.substr(2, end == std::string_view::npos ? end : end - 2);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end);
  }
  parts.path = text;
  return parts;
}

std::string UriReference::str() const {
  std::string text;
  if (scheme) text.append(*scheme).append(":");
  if (authority) text.append("//").append(*authority);
  text.append(path);
  if (query) text.append("?").append(*query);
  if (fragment) text.append("#").append(*fragment);
  return text;
}

std::string removeDotSegments(std::string_view in) {
  std::string out;
  while (!in.empty()) {
    if (in.starts_with("../")) {
      in.remove_prefix(3);
    } else if (in.starts_with("./")) {
      in.remove_prefix(2);
    } else if (in.starts_with("/./")) {
      in.remove_prefix(2);
    } else if (in == "/.") {
      in = "/";
    } else if (in.starts_with("/../") || in == "/..") {
      in = in.size() == 3 ? std::string_view("/") : in.substr(3);
      const auto slash = out.rfind('/');
      out.erase(slash == std::string::npos ? 0 : slash);
    } else if (in == "." || in == "..") {
      in = {};
    } else {
      const auto next = in.find('/', in.front() == '/' ? 1 : 0);
      out.append(in.substr(0, next));
      in = next == std::string_view::npos ? std::string_view{} : in.substr(next);
    }
  }
  return out;
}

std::string resolveReference(std::string_view baseText, std::string_view referenceText) {
  const auto base = UriReference::split(baseText);
  const auto reference = UriReference::split(referenceText);
  UriReference target;
  std::string path;
  target.fragment = reference.fragment;
  if (reference.scheme) {
    target = reference;
    path = removeDotSegments(reference.path);
  } else if (reference.authority) {
    target = reference;
    target.scheme = base.scheme;
    path = removeDotSegments(reference.path);
  } else {
    target.scheme = base.scheme;
    target.authority = base.authority;
    if (reference.path.empty()) {
      path = base.path;
      target.query = reference.query ? reference.query : base.query;
    } else {
      if (reference.path.front() == '/') {
        path = removeDotSegments(reference.path);
      } else if (base.authority && base.path.empty()) {
        path = removeDotSegments("/" + std::string(reference.path));
      } else {
        const auto slash = base.path.rfind('/');
        const auto directory =
            slash == std::string_view::npos ? std::string_view{} : base.path.substr(0, slash + 1);
        path = removeDotSegments(std::string(directory) + std::string(reference.path));
      }
      target.query = reference.query;
    }
  }
  target.path = path;
  return target.str();
}

}  // namespace interlude::streaming::manifest
