"""Command line: version, --help, check, serve with bad configs, relative
paths and --set overrides."""

import json
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

LOCATED = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<msg>.+)$")


def located_errors(stderr):
    """[(path, line, col, message)] for every `path:line:col: message`."""
    found = []
    for line in stderr.splitlines():
        m = LOCATED.match(line.strip())
        if m:
            found.append((m["path"], int(m["line"]), int(m["col"]), m["msg"]))
    return found


def replace_once(text, old, new):
    assert old in text, f"{old!r} not in config text"
    return text.replace(old, new, 1)


class CliTestCase(unittest.TestCase):

    def setUp(self):
        self.ws = harness.Workspace()
        self.addCleanup(self.ws.cleanup)
        self.ws.write_site("index.html", b"main root\n")

    def good_config_text(self):
        return harness.Config().to_xml()

    def write_config(self, text):
        return self.ws.write_config(text)

    def assertLocatedError(self, result, path, keywords, line=None):
        """Exit 2 and a `path:line:col: message` line whose message names
        one of `keywords`; returns that error tuple."""
        self.assertEqual(result.returncode, 2, str(result))
        paths = {path, os.path.realpath(path)}
        errors = [e for e in located_errors(result.stderr) if e[0] in paths]
        self.assertTrue(errors, f"no '{path}:LINE:COL: message' line\n"
                                f"{result}")
        matching = [e for e in errors
                    if any(k.lower() in e[3].lower() for k in keywords)]
        self.assertTrue(matching, f"no error message naming any of "
                                  f"{keywords}\n{result}")
        if line is not None:
            self.assertIn(line, [e[1] for e in matching],
                          f"expected the error on line {line}\n{result}")
        return matching[0]


class VersionAndHelpTest(CliTestCase):

    def test_version(self):
        result = harness.run_cli(["version"])
        self.assertEqual(result.returncode, 0, str(result))
        self.assertRegex(result.stdout.strip(), r"^interlude \d+\.\d+\.\d+$")

    def test_help_on_each_subcommand(self):
        for command in ("serve", "check", "render", "sniff", "version"):
            with self.subTest(command=command):
                result = harness.run_cli([command, "--help"])
                self.assertEqual(result.returncode, 0, str(result))
                text = result.output.lower()
                self.assertIn("usage", text)
                self.assertIn(command, text)

    def test_unknown_subcommand_fails(self):
        result = harness.run_cli(["frobnicate"])
        self.assertNotEqual(result.returncode, 0, str(result))


class SniffTest(CliTestCase):
    """`interlude sniff`: a row per file, the reason for an unknown one, exit 1 then."""

    MEDIA = os.path.join(harness.require_env("INTERLUDE_SOURCE_DIR"), "tests", "fixtures", "media")

    def test_a_row_per_file(self):
        wav = os.path.join(self.MEDIA, "wav-pcm-1s.wav")
        result = harness.run_cli(["sniff", wav])
        self.assertEqual(result.returncode, 0, str(result))
        columns = result.stdout.rstrip("\n").split("\t")
        self.assertEqual(columns[:4], [wav, "wav", "1.000 s", "128 kbit/s"], result.stdout)

    def test_an_unknown_file_gives_its_reason_and_exit_1(self):
        text = self.ws.write("notes.txt", b"plain text, not media\n")
        result = harness.run_cli(["sniff", "--json", text])
        self.assertEqual(result.returncode, 1, str(result))
        (row,) = json.loads(result.stdout)
        self.assertFalse(row["known"])
        self.assertEqual(row["reason"], "no known container signature")

    def test_no_file_is_a_usage_error(self):
        result = harness.run_cli(["sniff"])
        self.assertEqual(result.returncode, 2, str(result))
        self.assertIn("name at least one FILE", result.stderr)


class CheckTest(CliTestCase):

    def test_good_config(self):
        path = self.write_config(self.good_config_text())
        result = harness.run_cli(["check", path])
        self.assertEqual(result.returncode, 0, str(result))

    def test_sample_config_shape_is_valid(self):
        """The config of the task description, with a real plugin path."""
        plugin = harness.hello_plugin_path()
        text = harness.hello_config().to_xml()
        self.assertIn(plugin, text)
        result = harness.run_cli(["check", self.write_config(text)])
        self.assertEqual(result.returncode, 0, str(result))

    def test_playlist_entries_a_plugin_resolves_are_not_files(self):
        """`point:` entries become URLs at serve time; a missing file is still reported."""
        self.ws.write("a.mp4", b"aaaa")
        path = self.ws.write("p.isx", (
            '<smil xmlns="http://www.w3.org/ns/SMIL"><body>'
            '<video src="a.mp4"/><video src="point:tv/master.m3u8"/>'
            '<video src="gone.mp4"/></body></smil>').encode())
        result = harness.run_cli(["check", path])
        self.assertEqual(result.returncode, 2, str(result))
        self.assertIn("gone.mp4", result.stderr)
        self.assertNotIn("point:tv", result.stderr)

    def bad_configs(self):
        """(name, config text, keywords the message must name, line)."""
        good = self.good_config_text()
        site_line = harness.line_of(good, "<site ")
        logging_line = harness.line_of(good, "<logging ")
        listen_line = harness.line_of(good, "<listen ")
        missing_root = self.ws.path("no-such-root")
        missing_plugin = self.ws.path("libno-such-plugin.so")
        return [
            ("unknown element",
             replace_once(good, "  </site>",
                          "    <bogusElement/>\n  </site>"),
             ["bogusElement"], site_line + 2),
            ("unknown attribute",
             replace_once(good, "<logging ", '<logging bogusAttr="1" '),
             ["bogusAttr"], logging_line),
            ("malformed XML",
             replace_once(good, "</interlude>", "</interlude"),
             [""], None),
            ("mismatched tag",
             replace_once(good, "  </server>", "  </serverr>"),
             [""], None),
            ("missing site root",
             replace_once(good, 'root="site"', f'root="{missing_root}"'),
             [missing_root, "no-such-root"], site_line),
            ("missing plugin file",
             replace_once(good, "  <site ",
                          f'  <plugins><plugin path="{missing_plugin}"/>'
                          f"</plugins>\n  <site "),
             [missing_plugin, "libno-such-plugin.so"], site_line),
            ("bad endpoint",
             replace_once(good, 'address="127.0.0.1:0"/>',
                          'address="localhost-8080"/>'),
             ["localhost-8080", "address", "endpoint"], listen_line),
        ]

    def test_bad_configs(self):
        for name, text, keywords, line in self.bad_configs():
            with self.subTest(case=name):
                path = self.write_config(text)
                result = harness.run_cli(["check", path])
                self.assertLocatedError(result, path, keywords, line)

    def test_serve_with_bad_config_reports_the_same(self):
        for name, text, keywords, line in self.bad_configs():
            with self.subTest(case=name):
                path = self.write_config(text)
                checked = harness.run_cli(["check", path])
                served = harness.serve_expecting_exit(path)
                error = self.assertLocatedError(served, path, keywords, line)
                self.assertIn(error, located_errors(checked.stderr))

    def test_external_entity_refused(self):
        secret = harness.SECRET.decode().strip()
        text = replace_once(
            self.good_config_text(), "<interlude ",
            f'<!DOCTYPE interlude [<!ENTITY xxe SYSTEM '
            f'"file://{self.ws.secret_path}">]>\n<interlude ')
        text = replace_once(text, "<index>index.html</index>",
                            "<index>&xxe;</index>")
        path = self.write_config(text)
        for command in ("check", "serve"):
            with self.subTest(command=command):
                if command == "check":
                    result = harness.run_cli(["check", path])
                else:
                    result = harness.serve_expecting_exit(path)
                self.assertLocatedError(result, path, [""])
                self.assertNotIn(secret, result.output)
                self.assertNotIn("TOP-SECRET", result.output)

    def test_several_files(self):
        good = self.write_config(self.good_config_text())
        bad = self.ws.write_config(
            replace_once(self.good_config_text(), "<logging ",
                         '<logging bogusAttr="1" '), rel="bad.xml")
        result = harness.run_cli(["check", good, bad])
        self.assertLocatedError(result, bad, ["bogusAttr"])
        self.assertFalse([e for e in located_errors(result.stderr)
                          if e[0] == good], str(result))


class ServeOptionsTest(CliTestCase):

    def serve(self, **kwargs):
        server = harness.Server(harness.Config(), self.ws, **kwargs)
        self.addCleanup(server.close)
        return server.start()

    def test_relative_root_with_other_cwd(self):
        server = self.serve(cwd="/")
        self.assertEqual(server.get("/index.html").body, b"main root\n")

    def test_relative_config_path(self):
        parent, name = os.path.split(self.ws.dir)
        server = self.serve(cwd=parent,
                            config_arg=os.path.join(name, "config.xml"))
        self.assertEqual(server.get("/index.html").body, b"main root\n")

    def test_set_site_root(self):
        self.ws.write("other/index.html", b"other root\n")
        server = self.serve(extra_args=["--set", "site:main.root=other"])
        self.assertEqual(server.get("/index.html").body, b"other root\n")

    def test_set_site_root_absolute(self):
        other = os.path.dirname(self.ws.write("other2/index.html",
                                              b"other root 2\n"))
        server = self.serve(extra_args=["--set", f"site:main.root={other}"])
        self.assertEqual(server.get("/index.html").body, b"other root 2\n")

    def log_lines_after_requests(self, extra_args):
        server = self.serve(extra_args=extra_args)
        for _ in range(5):
            server.get("/index.html")
            server.get("/missing")
        server.stop()
        server.stderr.join()
        return server.stderr.since(server.ready_index + 1)

    def test_set_log_level_debug(self):
        normal = self.log_lines_after_requests([])
        debug = self.log_lines_after_requests(["--set",
                                               "logging.level=debug"])
        self.assertGreater(
            len(debug), len(normal),
            "--set logging.level=debug logged no more than the default "
            "level for the same requests\n--- information ---\n"
            + "\n".join(normal) + "\n--- debug ---\n" + "\n".join(debug))

    def test_unknown_set_key(self):
        path = self.write_config(self.good_config_text())
        for key in ("bogus.level", "logging.bogusAttr", "site:nosuch.root"):
            with self.subTest(key=key):
                result = harness.serve_expecting_exit(
                    path, ["--set", f"{key}=x"])
                self.assertEqual(result.returncode, 2, str(result))
                self.assertIn(key, result.stderr,
                              "the message must name the key")


class ErrorLogTest(unittest.TestCase):

    def setUp(self):
        self.ws = harness.Workspace()
        self.addCleanup(self.ws.cleanup)

    def test_error_log_off(self):
        self.ws.write_site("index.html", b"quiet\n")
        server = harness.Server(harness.Config(error_log="off"), self.ws)
        self.addCleanup(server.close)
        server.start()
        self.assertEqual(server.get("/").body, b"quiet\n")
        self.assertNotIn("[Information]", server.stderr.text())

    def test_unopenable_error_log_is_a_config_error(self):
        blocker = self.ws.path("not-a-folder")
        with open(blocker, "w") as f:
            f.write("a file where the log folder should be\n")
        path = self.ws.write_config(
            harness.Config(error_log=os.path.join(blocker, "error.log")))
        result = harness.serve_expecting_exit(path)
        self.assertEqual(result.returncode, 2, str(result))
        self.assertIn("errorLog", result.stderr)
        self.assertIn("not-a-folder", result.stderr)


if __name__ == "__main__":
    unittest.main()
