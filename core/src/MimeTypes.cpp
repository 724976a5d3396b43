#include "interlude/core/MimeTypes.h"

#include <array>
#include <utility>

#include "interlude/core/RequestPath.h"

namespace interlude::core {
namespace {

using Entry = std::pair<std::string_view, std::string_view>;

// Web, document and media types; the media part covers every container a
// progressive-download or streaming site serves.
constexpr std::array kDefaults{
    // web
    Entry{".html", "text/html; charset=utf-8"},
    Entry{".htm", "text/html; charset=utf-8"},
    Entry{".xhtml", "application/xhtml+xml"},
    Entry{".css", "text/css; charset=utf-8"},
    Entry{".js", "text/javascript; charset=utf-8"},
    Entry{".mjs", "text/javascript; charset=utf-8"},
    Entry{".json", "application/json"},
    Entry{".map", "application/json"},
    Entry{".jsonld", "application/ld+json"},
    Entry{".webmanifest", "application/manifest+json"},
    Entry{".xml", "application/xml"},
    Entry{".xsd", "application/xml"},
    Entry{".dtd", "application/xml-dtd"},
    Entry{".rss", "application/rss+xml"},
    Entry{".atom", "application/atom+xml"},
    Entry{".txt", "text/plain; charset=utf-8"},
    Entry{".text", "text/plain; charset=utf-8"},
    Entry{".csv", "text/csv; charset=utf-8"},
    Entry{".tsv", "text/tab-separated-values"},
    Entry{".md", "text/markdown; charset=utf-8"},
    Entry{".ics", "text/calendar"},
    Entry{".vtt", "text/vtt; charset=utf-8"},
    Entry{".srt", "application/x-subrip"},
    Entry{".ttml", "application/ttml+xml"},
    Entry{".dfxp", "application/ttml+xml"},
    Entry{".wasm", "application/wasm"},
    // images
    Entry{".png", "image/png"},
    Entry{".jpg", "image/jpeg"},
    Entry{".jpeg", "image/jpeg"},
    Entry{".jpe", "image/jpeg"},
    Entry{".gif", "image/gif"},
    Entry{".webp", "image/webp"},
    Entry{".avif", "image/avif"},
    Entry{".svg", "image/svg+xml"},
    Entry{".svgz", "image/svg+xml"},
    Entry{".ico", "image/x-icon"},
    Entry{".bmp", "image/bmp"},
    Entry{".tif", "image/tiff"},
    Entry{".tiff", "image/tiff"},
    Entry{".heic", "image/heic"},
    Entry{".jxl", "image/jxl"},
    // fonts
    Entry{".woff", "font/woff"},
    Entry{".woff2", "font/woff2"},
    Entry{".ttf", "font/ttf"},
    Entry{".otf", "font/otf"},
    Entry{".eot", "application/vnd.ms-fontobject"},
    // documents and archives
    Entry{".pdf", "application/pdf"},
    Entry{".rtf", "application/rtf"},
    Entry{".doc", "application/msword"},
    Entry{".xls", "application/vnd.ms-excel"},
    Entry{".ppt", "application/vnd.ms-powerpoint"},
    Entry{".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    Entry{".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    Entry{".pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
    Entry{".odt", "application/vnd.oasis.opendocument.text"},
    Entry{".epub", "application/epub+zip"},
    Entry{".zip", "application/zip"},
    Entry{".gz", "application/gzip"},
    Entry{".tgz", "application/gzip"},
    Entry{".bz2", "application/x-bzip2"},
    Entry{".xz", "application/x-xz"},
    Entry{".zst", "application/zstd"},
    Entry{".7z", "application/x-7z-compressed"},
    Entry{".rar", "application/vnd.rar"},
    Entry{".tar", "application/x-tar"},
    Entry{".iso", "application/x-iso9660-image"},
    Entry{".bin", "application/octet-stream"},
    Entry{".exe", "application/vnd.microsoft.portable-executable"},
    Entry{".msi", "application/x-msdownload"},
    Entry{".dmg", "application/x-apple-diskimage"},
    Entry{".deb", "application/vnd.debian.binary-package"},
    Entry{".apk", "application/vnd.android.package-archive"},
    // video
    Entry{".mp4", "video/mp4"},
    Entry{".m4v", "video/x-m4v"},
    Entry{".mov", "video/quicktime"},
    Entry{".qt", "video/quicktime"},
    Entry{".3gp", "video/3gpp"},
    Entry{".3g2", "video/3gpp2"},
    Entry{".flv", "video/x-flv"},
    Entry{".f4v", "video/mp4"},
    Entry{".asf", "video/x-ms-asf"},
    Entry{".wmv", "video/x-ms-wmv"},
    Entry{".wm", "video/x-ms-wm"},
    Entry{".avi", "video/x-msvideo"},
    Entry{".mkv", "video/x-matroska"},
    Entry{".mk3d", "video/x-matroska"},
    Entry{".webm", "video/webm"},
    Entry{".ogv", "video/ogg"},
    Entry{".mpg", "video/mpeg"},
    Entry{".mpeg", "video/mpeg"},
    Entry{".mpe", "video/mpeg"},
    Entry{".m1v", "video/mpeg"},
    Entry{".m2v", "video/mpeg"},
    Entry{".vob", "video/mpeg"},
    Entry{".ts", "video/mp2t"},
    Entry{".m2ts", "video/mp2t"},
    Entry{".mts", "video/mp2t"},
    Entry{".rm", "application/vnd.rn-realmedia"},
    Entry{".rmvb", "application/vnd.rn-realmedia-vbr"},
    Entry{".dv", "video/x-dv"},
    Entry{".ismv", "video/ismv"},
    Entry{".ivf", "video/x-ivf"},
    Entry{".y4m", "video/x-yuv4mpeg"},
    Entry{".m4s", "video/iso.segment"},
    Entry{".cmfv", "video/mp4"},
    // audio
    Entry{".mp3", "audio/mpeg"},
    Entry{".mp2", "audio/mpeg"},
    Entry{".mpga", "audio/mpeg"},
    Entry{".m4a", "audio/mp4"},
    Entry{".m4b", "audio/mp4"},
    Entry{".m4p", "audio/mp4"},
    Entry{".aac", "audio/aac"},
    Entry{".adts", "audio/aac"},
    Entry{".ac3", "audio/ac3"},
    Entry{".ec3", "audio/eac3"},
    Entry{".wma", "audio/x-ms-wma"},
    Entry{".wav", "audio/wav"},
    Entry{".wave", "audio/wav"},
    Entry{".aif", "audio/aiff"},
    Entry{".aiff", "audio/aiff"},
    Entry{".flac", "audio/flac"},
    Entry{".ogg", "audio/ogg"},
    Entry{".oga", "audio/ogg"},
    Entry{".opus", "audio/ogg"},
    Entry{".spx", "audio/ogg"},
    Entry{".weba", "audio/webm"},
    Entry{".mka", "audio/x-matroska"},
    Entry{".ra", "audio/x-pn-realaudio"},
    Entry{".ram", "audio/x-pn-realaudio"},
    Entry{".mid", "audio/midi"},
    Entry{".midi", "audio/midi"},
    Entry{".amr", "audio/amr"},
    Entry{".au", "audio/basic"},
    Entry{".snd", "audio/basic"},
    Entry{".isma", "audio/isma"},
    Entry{".cmfa", "audio/mp4"},
    // playlists, manifests and streaming
    Entry{".m3u", "audio/x-mpegurl"},
    Entry{".m3u8", "application/vnd.apple.mpegurl"},
    Entry{".pls", "audio/x-scpls"},
    Entry{".asx", "video/x-ms-asf"},
    Entry{".wax", "audio/x-ms-wax"},
    Entry{".wvx", "video/x-ms-wvx"},
    Entry{".xspf", "application/xspf+xml"},
    Entry{".smil", "application/smil+xml"},
    Entry{".smi", "application/smil+xml"},
    Entry{".isx", "application/smil+xml"},
    Entry{".mpd", "application/dash+xml"},
    Entry{".ism", "application/vnd.ms-sstr+xml"},
    Entry{".ismc", "application/vnd.ms-sstr+xml"},
    Entry{".f4m", "application/f4m+xml"},
    Entry{".sdp", "application/sdp"},
    Entry{".vast", "application/xml"},
    Entry{".vmap", "application/xml"},
    Entry{".swf", "application/x-shockwave-flash"},
    Entry{".xap", "application/x-silverlight-app"},
};

}  // namespace

MimeTypes::MimeTypes(const std::map<std::string, std::string>& overrides) {
  byExtension_.reserve(kDefaults.size() + overrides.size());
  for (const auto& [ext, type] : kDefaults) byExtension_.emplace(ext, type);
  for (const auto& [ext, type] : overrides) byExtension_[ext] = type;
}

std::string_view MimeTypes::lookup(std::string_view path) const {
  const auto it = byExtension_.find(extensionOf(path));
  return it == byExtension_.end() ? kFallback : std::string_view(it->second);
}

}  // namespace interlude::core
