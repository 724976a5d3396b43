"""Sniffer accuracy against ffprobe on a generated corpus.

tests/fixtures/make-media.sh writes every container the sniffers read (CBR and
VBR, audio only and video, moov-at-end MP4, 1 s to 10 min) into the build
folder. For each file, `interlude sniff --json` must give the overall bitrate
within 3% of ffprobe's format.bit_rate (size x 8 / duration where ffprobe gives
none) and the duration within 1%. The table of every file is printed.
"""

import json
import os
import subprocess
import unittest

from harness import interlude_bin, require_env

BITRATE_TOLERANCE = 0.03
DURATION_TOLERANCE = 0.01


def corpus_dir():
    out = os.path.join(require_env("INTERLUDE_BUILD_DIR"), "fixtures", "media")
    script = os.path.join(require_env("INTERLUDE_SOURCE_DIR"), "tests", "fixtures", "make-media.sh")
    subprocess.run([script, out], check=True, timeout=600)
    return out


def ffprobe(path):
    result = subprocess.run(
        ["ffprobe", "-v", "error", "-show_format", "-of", "json", path],
        check=True, capture_output=True, text=True, timeout=60)
    fmt = json.loads(result.stdout)["format"]
    duration = float(fmt["duration"])
    bitrate = int(fmt.get("bit_rate") or 0) or round(os.path.getsize(path) * 8 / duration)
    return duration, bitrate


class SniffAccuracyTest(unittest.TestCase):
    def test_every_file_matches_ffprobe(self):
        folder = corpus_dir()
        files = sorted(os.path.join(folder, name) for name in os.listdir(folder)
                       if not name.endswith(".part"))
        self.assertGreaterEqual(len(files), 30, "the corpus is incomplete")
        result = subprocess.run([interlude_bin(), "sniff", "--json", *files],
                                capture_output=True, text=True, timeout=120)
        rows = {row["file"]: row for row in json.loads(result.stdout)}
        failures = []
        table = [f"{'file':40} {'container':9} {'ours s':>9} {'ffprobe s':>9} {'err':>7} "
                 f"{'ours kbps':>10} {'ffprobe':>10} {'err':>7}"]
        for path in files:
            name = os.path.basename(path)
            row = rows[path]
            want_duration, want_bitrate = ffprobe(path)
            if not row["known"]:
                failures.append(f"{name}: unknown ({row.get('reason')})")
                table.append(f"{name:40} {row['container']:9} unknown: {row.get('reason')}")
                continue
            duration_error = abs(row["duration"] - want_duration) / want_duration
            bitrate_error = abs(row["bitrate"] - want_bitrate) / want_bitrate
            table.append(
                f"{name:40} {row['container']:9} {row['duration']:9.3f} {want_duration:9.3f} "
                f"{duration_error:7.2%} {row['bitrate'] / 1000:10.1f} {want_bitrate / 1000:10.1f} "
                f"{bitrate_error:7.2%}")
            if duration_error > DURATION_TOLERANCE:
                failures.append(f"{name}: duration {row['duration']} vs {want_duration}")
            if bitrate_error > BITRATE_TOLERANCE:
                failures.append(f"{name}: bitrate {row['bitrate']} vs {want_bitrate}")
        print("\n".join(table))
        self.assertEqual(failures, [])


if __name__ == "__main__":
    unittest.main()
