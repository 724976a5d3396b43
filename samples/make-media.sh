#!/usr/bin/env bash
# Generates the sample media that samples/site/*.isx play, with ffmpeg:
#
#   ads/sponsor.mp4   5 s  the sponsor's ad (test pattern + 880 Hz tone, "AD" burned in)
#   ads/newsroom.mp4  3 s  catalog ads that the ad rules insert (site/ads/catalog.xml),
#   ads/acme.mp4      4 s    each with its name burned in
#   ads/bistro.mp4    3 s
#   news/part1.mp4   10 s  content, part 1 (test pattern + 440 Hz tone)
#   news/part2.mp4    8 s  content, part 2 (test pattern + 660 Hz tone)
#   music/jingle.mp3  3 s  a short jingle (two tones)
#   hls/master.m3u8   8 s  an HLS ladder of 3 variants (400, 1000, 2500 kbit/s; 2 s
#                          MPEG-TS segments) that the `vod` publishing point serves and
#                          the `tv` origin point proxies (its filter drops 2500)
#
# Video: H.264 Constrained Baseline, 320x180, 15 fps, yuv420p; audio AAC-LC mono;
# MP4 with the moov atom first (+faststart), so browsers and VLC start playing at
# once over HTTP. Each file stays under 300 KB.
#
# Usage: samples/make-media.sh [OUT_DIR]   (default: samples/site/media)
# Idempotent: a file that exists is left alone (delete it to make it again). Files
# are written to a temporary name first, so an interrupted run leaves no half file.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=${1:-$here/site/media}
font=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf

command -v ffmpeg >/dev/null || { echo "make-media: ffmpeg not found (scripts/install-deps installs it)" >&2; exit 1; }

# video NAME SECONDS TONE_HZ [TEXT]: an MP4 under $out.
video() {
  local name=$1 seconds=$2 tone=$3 text=${4:-} filter="null"
  local target="$out/$name"
  [ -s "$target" ] && return 0
  mkdir -p "$(dirname "$target")"
  if [ -n "$text" ] && [ -r "$font" ]; then
    filter="drawtext=fontfile=$font:text=$text:fontsize=72:fontcolor=white:borderw=4:bordercolor=black:x=(w-text_w)/2:y=(h-text_h)/2"
  fi
  ffmpeg -nostdin -hide_banner -loglevel error -y \
    -f lavfi -i "testsrc=size=320x180:rate=15:duration=$seconds" \
    -f lavfi -i "sine=frequency=$tone:sample_rate=44100:duration=$seconds" \
    -vf "$filter,format=yuv420p" \
    -c:v libx264 -profile:v baseline -level 3.0 -preset veryfast -b:v 120k -maxrate 150k -bufsize 300k -g 30 \
    -c:a aac -b:a 48k -ac 1 \
    -shortest -movflags +faststart -f mp4 "$target.part"
  mv "$target.part" "$target"
}

# audio NAME SECONDS: an MP3 under $out.
audio() {
  local name=$1 seconds=$2
  local target="$out/$name"
  [ -s "$target" ] && return 0
  mkdir -p "$(dirname "$target")"
  ffmpeg -nostdin -hide_banner -loglevel error -y \
    -f lavfi -i "sine=frequency=523:sample_rate=44100:duration=$seconds" \
    -f lavfi -i "sine=frequency=784:sample_rate=44100:duration=$seconds" \
    -filter_complex "amix=inputs=2,volume=0.8" \
    -c:a libmp3lame -b:a 64k -ac 1 -f mp3 "$target.part"
  mv "$target.part" "$target"
}

# hls SECONDS: the ladder under $out/hls, made in a temporary folder then moved.
hls() {
  local seconds=$1 target="$out/hls" tmp="$out/hls.part"
  [ -s "$target/master.m3u8" ] && return 0
  rm -rf "$tmp"
  mkdir -p "$tmp"
  ffmpeg -nostdin -hide_banner -loglevel error -y \
    -f lavfi -i "testsrc=size=1280x720:rate=25:duration=$seconds" \
    -f lavfi -i "sine=frequency=440:sample_rate=44100:duration=$seconds" \
    -filter_complex "[0:v]split=3[a][b][c];[a]scale=320:180[v0];[b]scale=640:360[v1];[c]copy[v2]" \
    -map "[v0]" -map 1:a -map "[v1]" -map 1:a -map "[v2]" -map 1:a \
    -c:v libx264 -preset veryfast -pix_fmt yuv420p -g 50 -keyint_min 50 -sc_threshold 0 \
    -b:v:0 300k -b:v:1 830k -b:v:2 2200k -c:a aac -b:a 48k -ac 1 \
    -var_stream_map "v:0,a:0,name:v400 v:1,a:1,name:v1000 v:2,a:2,name:v2500" \
    -f hls -hls_time 2 -hls_playlist_type vod -hls_segment_filename "$tmp/%v/seg%03d.ts" \
    -master_pl_name master.m3u8 "$tmp/%v/index.m3u8"
  rm -rf "$target"
  mv "$tmp" "$target"
}

video ads/sponsor.mp4 5 880 AD
video ads/newsroom.mp4 3 990 NEWS
video ads/acme.mp4 4 770 ACME
video ads/bistro.mp4 3 550 BISTRO
video news/part1.mp4 10 440
video news/part2.mp4 8 660
audio music/jingle.mp3 3
hls 8
