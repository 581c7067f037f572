"""The protocol in full and message hygiene (issue 10, points 5 and 7): stop_on_error aborts the queued
cells, user_expressions, history_request, silent and store_history, readable arrays; replayed
signatures, an empty key, oversized requests."""

import json
import os
import subprocess
import tempfile
import time
import unittest
import uuid

import zmq
from jupyter_client.session import Session

import harness
from harness import error_of, execute, result_data
from test_kernel_behaviour import KernelCase


class TestStopOnError(KernelCase):

    def test_a_failing_cell_aborts_the_cells_queued_behind_it(self):
        self.run_ok("int ran = 0;")
        first = self.kc.execute("ran++; throw new RuntimeException(\"first fails\");", stop_on_error=True)
        queued = [self.kc.execute("ran += 10;") for _ in range(3)]
        reply = harness.shell_reply(self.kc, first, "execute_reply")
        self.assertEqual(reply["content"]["status"], "error")
        for q in queued:
            r = self.kc.get_shell_msg(timeout=harness.TIMEOUT)
            self.assertEqual(r["parent_header"]["msg_id"], q)
            self.assertEqual(r["content"]["status"], "aborted")
        self.assertEqual(self.value("ran"), "1", "a queued cell ran after the failure")

    def test_without_stop_on_error_the_queue_runs(self):
        self.run_ok("int ran2 = 0;")
        first = self.kc.execute("throw new RuntimeException(\"fails\");", stop_on_error=False)
        queued = self.kc.execute("ran2 += 10;")
        harness.shell_reply(self.kc, first, "execute_reply")
        self.assertEqual(harness.shell_reply(self.kc, queued, "execute_reply")["content"]["status"], "ok")
        self.assertEqual(self.value("ran2"), "10")

    def test_cells_sent_after_the_abort_run_again(self):
        msg_id = self.kc.execute("throw new IllegalStateException();")
        harness.shell_reply(self.kc, msg_id, "execute_reply")
        time.sleep(0.3)
        self.assertEqual(self.value("6 * 7"), "42")


class TestReplyContents(KernelCase):

    def test_user_expressions_are_evaluated_after_the_cell(self):
        msg_id = self.kc.execute("int ux = 20;", user_expressions={"double": "ux * 2", "bad": "nope + 1",
                                                                      "text": "\"a\" + ux"})
        reply = harness.shell_reply(self.kc, msg_id, "execute_reply")["content"]
        harness.collect(self.kc, msg_id)
        ue = reply["user_expressions"]
        self.assertEqual(ue["double"]["status"], "ok")
        self.assertEqual(ue["double"]["data"]["text/plain"], "40")
        self.assertEqual(ue["text"]["data"]["text/plain"], "a20")
        self.assertEqual(ue["bad"]["status"], "error")
        self.assertIn("nope", json.dumps(ue["bad"]))
        # a user expression leaves no $n behind for completion or later cells
        self.assertEqual(self.value("ux"), "20")

    def test_arrays_show_their_elements(self):
        self.assertEqual(self.value("new int[]{1, 2, 3}"), "int[3] { 1, 2, 3 }")
        self.assertIn("\"a\"", self.value("new String[]{\"a\", \"b\"}"))
        self.assertEqual(self.value("List.of(1, 2)"), "[1, 2]")
        self.assertEqual(self.value("Map.of(\"k\", 1)"), "{k=1}")

    def test_silent_sends_no_input_and_no_result_and_keeps_the_count(self):
        before = execute(self.kc, "1")[0]["execution_count"]
        msg_id = self.kc.execute("int quiet = 5;\nquiet", silent=True)
        reply = harness.shell_reply(self.kc, msg_id, "execute_reply")["content"]
        outputs = []
        deadline = time.time() + 30
        seen_input = False
        while time.time() < deadline:
            m = self.kc.get_iopub_msg(timeout=30)
            if m["parent_header"].get("msg_id") != msg_id:
                continue
            if m["msg_type"] == "execute_input":
                seen_input = True
            if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                break
            outputs.append(m)
        self.assertEqual(reply["status"], "ok")
        self.assertFalse(seen_input, "a silent request published execute_input")
        self.assertIsNone(result_data(outputs), "a silent request published its result")
        self.assertEqual(reply["execution_count"], before)
        self.assertEqual(self.value("quiet"), "5", "the silent cell did not run")

    def test_store_history_false_keeps_the_count_and_stays_out_of_history(self):
        c1 = execute(self.kc, "\"stored one\"")[0]["execution_count"]
        msg_id = self.kc.execute("\"not stored\"", store_history=False)
        r = harness.shell_reply(self.kc, msg_id, "execute_reply")["content"]
        harness.collect(self.kc, msg_id)
        self.assertEqual(r["execution_count"], c1)
        c2 = execute(self.kc, "\"stored two\"")[0]["execution_count"]
        self.assertEqual(c2, c1 + 1)
        msg_id = self.kc.history(hist_access_type="tail", n=50, output=False, raw=True)
        hist = harness.shell_reply(self.kc, msg_id, "history_reply")["content"]["history"]
        inputs = [h[2] for h in hist]
        self.assertIn("\"stored one\"", inputs)
        self.assertIn("\"stored two\"", inputs)
        self.assertNotIn("\"not stored\"", inputs)

    def test_history_range_and_search(self):
        count = execute(self.kc, "String marker = \"history-marker\";")[0]["execution_count"]
        msg_id = self.kc.history(hist_access_type="range", session=0, start=count, stop=count + 1,
                                 output=False, raw=True)
        hist = harness.shell_reply(self.kc, msg_id, "history_reply")["content"]["history"]
        self.assertEqual([h[1] for h in hist], [count])
        msg_id = self.kc.history(hist_access_type="search", pattern="*history-marker*", n=5,
                                 output=False, raw=True)
        hist = harness.shell_reply(self.kc, msg_id, "history_reply")["content"]["history"]
        self.assertTrue(hist and all("history-marker" in h[2] for h in hist))


class TestMessageHygiene(KernelCase):

    def setUp(self):
        self.info = self.km.get_connection_info(session=False)
        self.ctx = zmq.Context.instance()

    def socket(self):
        s = self.ctx.socket(zmq.DEALER)
        s.setsockopt(zmq.LINGER, 0)
        s.connect("%s://%s:%d" % (self.info["transport"], self.info["ip"], self.info["shell_port"]))
        return s

    def key(self):
        k = self.info["key"]
        return k if isinstance(k, bytes) else k.encode()

    def test_a_replayed_message_runs_once(self):
        self.run_ok("int replays = 0;")
        session = Session(key=self.key(), signature_scheme="hmac-sha256")
        msg = session.msg("execute_request", content={"code": "replays++;", "silent": False, "store_history": True,
                                                      "user_expressions": {}, "allow_stdin": False,
                                                      "stop_on_error": False})
        frames = session.serialize(msg)
        sock = self.socket()
        try:
            for _ in range(3):
                sock.send_multipart(frames)
            self.assertTrue(sock.poll(30_000), "no reply to the first copy")
            sock.recv_multipart()
            self.assertFalse(sock.poll(1500), "a replayed copy was answered")
        finally:
            sock.close()
        self.assertEqual(self.value("replays"), "1")

    def test_an_oversized_request_gets_an_error_naming_the_limit(self):
        session = Session(key=self.key(), signature_scheme="hmac-sha256")
        code = "String big = \"" + "x" * 3_000_000 + "\";"
        sock = self.socket()
        try:
            session.send(sock, "execute_request", content={"code": code, "silent": False, "store_history": True,
                                                         "user_expressions": {}, "allow_stdin": False,
                                                         "stop_on_error": False})
            self.assertTrue(sock.poll(30_000), "no reply to an oversized request")
            reply = session.deserialize(session.feed_identities(sock.recv_multipart())[1])
        finally:
            sock.close()
        self.assertEqual(reply["content"]["status"], "error")
        self.assertIn("FEDPOISON_MAX_MESSAGE_MB", reply["content"]["evalue"])
        self.assertIn("at most 2.0 MB", reply["content"]["evalue"])
        self.assertEqual(self.value("1 + 1"), "2")

    env_extra = {"FEDPOISON_MAX_MESSAGE_MB": "2"}


class TestEmptyKey(unittest.TestCase):
    """A connection file without a key is refused, unless FEDPOISON_ALLOW_EMPTY_KEY=true."""

    def argv(self, connection_file):
        spec = harness.kernel_spec()
        return [a.replace("{connection_file}", connection_file).replace("{resource_dir}", spec.resource_dir)
                for a in spec.argv]

    def connection_file(self, d):
        ports = {}
        for name in ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port"):
            s = zmq.Context.instance().socket(zmq.REP)
            ports[name] = s.bind_to_random_port("tcp://127.0.0.1")
            s.close()
        path = os.path.join(d, "empty-key.json")
        with open(path, "w") as f:
            json.dump(dict(ports, ip="127.0.0.1", transport="tcp", signature_scheme="hmac-sha256", key=""), f)
        return path

    def test_refused_with_a_message_naming_the_setting(self):
        with tempfile.TemporaryDirectory() as d:
            p = subprocess.run(self.argv(self.connection_file(d)), capture_output=True, text=True, timeout=60,
                               env=dict(os.environ, FEDPOISON_ALLOW_EMPTY_KEY=""))
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("FEDPOISON_ALLOW_EMPTY_KEY", p.stderr)
        self.assertIn("key", p.stderr)

    def test_accepted_when_allowed(self):
        with tempfile.TemporaryDirectory() as d:
            cf = self.connection_file(d)
            proc = subprocess.Popen(self.argv(cf), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                    env=dict(os.environ, FEDPOISON_ALLOW_EMPTY_KEY="true"))
            try:
                with open(cf) as f:
                    info = json.load(f)
                session = Session(key=b"", signature_scheme="hmac-sha256")
                s = zmq.Context.instance().socket(zmq.DEALER)
                s.setsockopt(zmq.LINGER, 0)
                s.connect("tcp://127.0.0.1:%d" % info["shell_port"])
                session.send(s, "kernel_info_request", {})
                self.assertTrue(s.poll(60_000), "no kernel_info_reply with an allowed empty key")
                s.close()
            finally:
                proc.kill()
                proc.wait()


if __name__ == "__main__":
    unittest.main()
