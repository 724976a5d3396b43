"""Listeners: specific-IP binds, bind failures, several listeners and
SO_REUSEPORT sharing."""

import os
import socket
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402


def hold_port(host, port=0):
    """A listening Python socket on host:port (port 0 = any free one)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.bind((host, port))
    sock.listen(8)
    return sock


def site_with_index(ws, text):
    ws.write_site("index.html", text)
    return ws


class ListenerTest(unittest.TestCase):

    def assertServes(self, server, host="127.0.0.1", port=None,
                     body=b"hello\n"):
        resp = server.get("/", host=host, port=port)
        self.assertEqual(resp.status, 200, f"{host}:{port}\n{resp}")
        self.assertEqual(resp.body, body)

    def make_server(self, **kwargs):
        server = harness.Server(harness.Config(), **kwargs)
        site_with_index(server.ws, b"hello\n")
        self.addCleanup(server.close)
        return server

    def test_specific_ip_while_other_loopback_ip_holds_port(self):
        holder = hold_port("127.0.0.2")
        self.addCleanup(holder.close)
        port = holder.getsockname()[1]
        server = self.make_server(listen=[f"127.0.0.1:{port}"]).start()
        self.assertEqual(server.listeners, [("127.0.0.1", port)])
        self.assertServes(server, port=port)

    def test_port_in_use_fails_with_status_1(self):
        holder = hold_port("127.0.0.1")
        self.addCleanup(holder.close)
        address = f"127.0.0.1:{holder.getsockname()[1]}"
        server = self.make_server(listen=[address]).spawn()
        status = server.wait(10)
        self.assertEqual(status, 1, server.describe())
        stderr = server.stderr.text()
        self.assertIn(address, stderr)
        self.assertIn("address already in use", stderr)
        self.assertIsNone(server.stderr.wait_for(harness.READY_RE.search,
                                                 timeout=0),
                          "printed 'ready' although a bind failed")

    def test_second_listener_in_use_leaves_nothing_running(self):
        holder = hold_port("127.0.0.1")
        self.addCleanup(holder.close)
        busy = f"127.0.0.1:{holder.getsockname()[1]}"
        free = f"127.0.0.1:{harness.free_port()}"
        server = self.make_server(listen=[free, busy]).spawn()
        self.assertEqual(server.wait(10), 1, server.describe())
        self.assertIn(busy, server.stderr.text())
        self.assertIsNone(server.stderr.wait_for(harness.READY_RE.search,
                                                 timeout=0))

    def test_ipv4_and_ipv6_listeners(self):
        reason = harness.ipv6_loopback_reason()
        if reason:
            print(f"skipping IPv6 listener case: {reason}", file=sys.stderr)
            self.skipTest(reason)
        server = self.make_server(listen=["127.0.0.1:0", "[::1]:0"]).start()
        hosts = sorted(host for host, _ in server.listeners)
        self.assertEqual(hosts, ["127.0.0.1", "::1"], server.describe())
        self.assertTrue(any("http://[::1]:" in line
                            for line in server.stderr.since(0)),
                        "IPv6 listener line must read http://[::1]:PORT/")
        for host, port in server.listeners:
            with self.subTest(host=host):
                self.assertServes(server, host=host, port=port)

    def test_two_ipv4_listeners(self):
        server = self.make_server(listen=["127.0.0.1:0", "127.0.0.1:0"])
        server.start()
        self.assertEqual(len(server.listeners), 2, server.describe())
        for host, port in server.listeners:
            self.assertServes(server, host=host, port=port)

    def test_reuse_port_shares_a_port(self):
        port = harness.free_port()
        servers = []
        for name in ("first", "second"):
            config = harness.Config(listen=[f"127.0.0.1:{port}"],
                                    reuse_port=True)
            server = harness.Server(config, listen=None)
            self.addCleanup(server.close)
            site_with_index(server.ws, name.encode())
            servers.append(server.start())
        for server in servers:
            self.assertEqual(server.listeners, [("127.0.0.1", port)])
        seen = set()
        for _ in range(64):         # new connections spread by 4-tuple hash
            resp = servers[0].get("/")
            self.assertEqual(resp.status, 200)
            seen.add(resp.body)
            if len(seen) == 2:
                break
        self.assertEqual(seen, {b"first", b"second"},
                         "64 connections never reached one of the servers")


class IdleConnectionsTest(unittest.TestCase):
    """Connections waiting for their next request hold no worker thread: with
    two workers, many idle keep-alive connections do not keep a new client
    waiting."""

    def test_idle_keep_alive_connections_do_not_block_workers(self):
        config = harness.Config(workers=2)
        server = harness.Server(config)
        site_with_index(server.ws, b"hello\n")
        self.addCleanup(server.close)
        server.start()
        idle = []
        self.addCleanup(lambda: [s.close() for s in idle])
        for _ in range(20):
            sock = socket.create_connection(("127.0.0.1", server.port), timeout=5)
            sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            self.assertIn(b"200 OK", sock.recv(4096))
            idle.append(sock)  # kept open, keep-alive, sending nothing more
        resp = server.get("/", timeout=3)
        self.assertEqual(resp.status, 200, str(resp))
        self.assertEqual(resp.body, b"hello\n")
        # and the idle ones still work
        idle[0].sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        self.assertIn(b"200 OK", idle[0].recv(4096))


if __name__ == "__main__":
    unittest.main()
