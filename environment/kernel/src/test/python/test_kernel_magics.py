"""The magics and settings IJava and JJava users rely on (issue 10, point 4), and charts and tables
rendered through the JJava extension mechanism alone (point 1)."""

import base64
import json
import os
import shutil
import tempfile
import unittest
import zipfile

import harness
from harness import error_of, execute, plain, result_data
from test_kernel_behaviour import KernelCase, png_size

ROOT = harness.ROOT
RENDER_JAR = os.path.join(ROOT, "render", "target", "fedpoison-render.jar")


def streams(outputs, name=None):
    return "".join(m["content"]["text"] for m in outputs if m["msg_type"] == "stream"
                   and (name is None or m["content"]["name"] == name))


class TestMoreMagics(KernelCase):

    def test_lsmagic_lists_every_magic(self):
        text = streams(self.run_ok("%lsmagic"))
        for name in ("%classpath", "%jars", "%maven", "%mavenRepo", "%loadFromPOM", "%load", "%time", "%lsmagic",
                     "%%loadFromPOM", "%%time"):
            self.assertIn(name, text)

    def test_time_line_and_cell_keep_the_value_and_print_the_time(self):
        outputs = self.run_ok("%time 6 * 7")
        self.assertEqual(result_data(outputs)["text/plain"], "42")
        self.assertIn("Wall time:", streams(outputs))
        outputs = self.run_ok("%%time\nint timed = 3;\ntimed * 2")
        self.assertEqual(result_data(outputs)["text/plain"], "6")
        self.assertIn("Wall time:", streams(outputs))
        self.assertEqual(self.value("timed"), "3")

    def test_magics_as_values_and_from_java(self):
        d = tempfile.mkdtemp(prefix="fedpoison-mg-")
        try:
            jar = os.path.join(d, "tiny.jar")
            with zipfile.ZipFile(jar, "w") as z:
                z.writestr("fedpoison-tiny.txt", "tiny")
            # on a line of its own (every notebook's first cell) the magic shows no value: no execute_result
            standalone = self.run_ok('%%jars %s' % jar)
            self.assertEqual([m for m in standalone if m["msg_type"] == "execute_result"], [], standalone)
            jar2 = os.path.join(d, "tiny2.jar")
            shutil.copy(jar, jar2)
            out = result_data(self.run_ok('List<String> added = %%jars %s\nadded' % jar2))
            self.assertIn("tiny2.jar", out["text/plain"])
            # the same magic again adds nothing new
            self.assertEqual(self.value('List<String> again = %%jars %s\nagain.size()' % jar2), "0")
            self.assertEqual(self.value('lineMagic("jars", List.of("%s")).toString()' % jar), "[]")
            self.assertEqual(self.value('eval("20 + 22")'), "42")
            outputs = self.run_ok('cellMagic("time", List.of(), "int viaJava = 1;");')
            self.assertIn("Wall time:", streams(outputs))
            self.assertEqual(self.value("viaJava"), "1")
        finally:
            shutil.rmtree(d, ignore_errors=True)

    def test_a_percent_in_a_string_after_an_equals_is_not_a_magic(self):
        self.assertEqual(self.value('String f = "x=%d";\nString.format(f, 5)'), "x=5")
        self.assertEqual(self.value('String g ="%s!";\nString.format(g, "hi")'), "hi!")

    def test_jshell_default_imports(self):
        for code, expected in (('Pattern.compile("a+").matcher("aaa").matches()', "true"),
                               ("new ConcurrentHashMap<String, Integer>().size()", "0"),
                               ('URI.create("http://x/y").getPath()', "/y"),
                               ("Preferences.class.getSimpleName()", "Preferences")):
            with self.subTest(code=code):
                self.assertEqual(self.value(code), expected)

    def test_completion_after_percent_offers_magic_names(self):
        msg_id = self.kc.complete("%ma", 3)
        reply = harness.shell_reply(self.kc, msg_id, "complete_reply")["content"]
        self.assertEqual(set(reply["matches"]), {"maven", "mavenRepo"})
        self.assertEqual((reply["cursor_start"], reply["cursor_end"]), (1, 3))
        msg_id = self.kc.complete("%%ti", 4)
        self.assertEqual(harness.shell_reply(self.kc, msg_id, "complete_reply")["content"]["matches"], ["time"])
        msg_id = self.kc.complete("int dollarFree = 1;\ndollar", 26)
        matches = harness.shell_reply(self.kc, msg_id, "complete_reply")["content"]["matches"]
        self.assertFalse([m for m in matches if m.startswith("$")], matches)

    def test_maven_repo_validates_and_is_used(self):
        err = self.run_error("%mavenRepo only-one-argument")
        self.assertIn("expected ID URL", err["evalue"])
        err = self.run_error("%mavenRepo x ftp://example.org/repo")
        self.assertIn("ftp://example.org/repo", err["evalue"])
        d = tempfile.mkdtemp(prefix="fedpoison-repo-")
        try:
            art = os.path.join(d, "org", "fedpoison", "test", "tiny", "1.0")
            os.makedirs(art)
            with zipfile.ZipFile(os.path.join(art, "tiny-1.0.jar"), "w") as z:
                z.writestr("fedpoison-repo-tiny.txt", "tiny")
            with open(os.path.join(art, "tiny-1.0.pom"), "w") as f:
                f.write("<project><modelVersion>4.0.0</modelVersion><groupId>org.fedpoison.test</groupId>"
                        "<artifactId>tiny</artifactId><version>1.0</version></project>")
            self.run_ok("%%mavenRepo scratch file://%s" % d)
            self.run_ok("%maven org.fedpoison.test:tiny:1.0")
            self.assertEqual(self.value('Thread.currentThread().getContextClassLoader()'
                                        '.getResource("fedpoison-repo-tiny.txt") != null'), "true")
        finally:
            shutil.rmtree(d, ignore_errors=True)


class TestLoadFromPom(KernelCase):

    def test_cell_form_with_a_dependency_fragment(self):
        err = self.run_error('tech.tablesaw.api.Table.create("p")')
        self.assertIn("tech.tablesaw", plain("\n".join(err["traceback"])))
        self.run_ok("%%loadFromPOM\n<dependency>\n  <groupId>tech.tablesaw</groupId>\n"
                    "  <artifactId>tablesaw-core</artifactId>\n  <version>${v}</version>\n</dependency>\n"
                    "<properties><v>0.43.1</v></properties>")
        self.assertEqual(self.value('tech.tablesaw.api.Table.create("p").name()'), "p")

    def test_line_form_reads_a_pom_file_and_names_problems(self):
        err = self.run_error("%loadFromPOM no-such-pom.xml")
        self.assertIn("no-such-pom.xml", err["evalue"])
        pom = os.path.join(self.tmp, "pom.xml")
        with open(pom, "w") as f:
            f.write("<project><dependencies><dependency><groupId>g</groupId><artifactId>a</artifactId>"
                    "</dependency></dependencies></project>")
        err = self.run_error("%loadFromPOM pom.xml")
        self.assertIn("groupId, artifactId and version", err["evalue"])


class TestSettings(KernelCase):
    """IJava's environment settings: compiler options, class path, start-up scripts and code."""

    @classmethod
    def setUpClass(cls):
        cls.scripts = tempfile.mkdtemp(prefix="fedpoison-st-")
        with open(os.path.join(cls.scripts, "a.jsh"), "w") as f:
            f.write("int fromScript = 40;\n")
        jar = os.path.join(cls.scripts, "cp.jar")
        with zipfile.ZipFile(jar, "w") as z:
            z.writestr("fedpoison-cp.txt", "cp")
        cls.env_extra = {"IJAVA_STARTUP_SCRIPTS_PATH": os.path.join(cls.scripts, "*.jsh"),
                         "IJAVA_STARTUP_SCRIPT": "int fromCode = fromScript + 2;",
                         "IJAVA_CLASSPATH": jar,
                         "IJAVA_COMPILER_OPTS": "-Xlint:deprecation -parameters"}
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(cls.scripts, ignore_errors=True)

    def test_startup_scripts_and_code_ran(self):
        self.assertEqual(self.value("fromCode"), "42")

    def test_classpath_setting_is_on_the_class_path(self):
        self.assertEqual(self.value('Thread.currentThread().getContextClassLoader()'
                                    '.getResource("fedpoison-cp.txt") != null'), "true")

    def test_compiler_options_reach_the_compiler(self):
        # -parameters keeps parameter names in the class files: reflection sees "alpha", not "arg0"
        self.run_ok("class WithParams { void f(int alpha) { } }")
        self.assertEqual(self.value('WithParams.class.getDeclaredMethod("f", int.class).getParameters()[0].getName()'),
                         "alpha")


class TestSettingsNote(KernelCase):

    env_extra = {"IJAVA_TIMEOUT": "soon"}

    def test_the_first_cell_names_the_bad_value_and_what_is_allowed(self):
        err = streams(self.run_ok("1"), "stderr")
        self.assertIn("IJAVA_TIMEOUT='soon'", err)
        self.assertIn("allowed", err)


@unittest.skipUnless(harness.lib_jars_available() and os.path.isfile(RENDER_JAR), "lib and render not built")
class TestPortableRendering(KernelCase):
    """A kernel with no renderers of its own (FEDPOISON_BUILTIN_RENDERERS=false): charts and tables render only
    through the JJava extension in fedpoison-render.jar, as on stock JJava."""

    env_extra = {"FEDPOISON_BUILTIN_RENDERERS": "false"}
    cwd = os.path.join(ROOT, "notebooks")

    CHART = ("import org.knowm.xchart.*;\n"
             'XYChart c = new XYChartBuilder().width(200).height(120).build();\n'
             'c.addSeries("y", new double[]{1, 2}, new double[]{2, 1});\nc')
    TABLE = ('tech.tablesaw.api.Table.create("t", tech.tablesaw.api.IntColumn.create("n", new int[]{1, 2}))')

    def test_1_without_the_render_jar_nothing_is_rendered(self):
        self.run_ok("%%jars %s/fedpoison.jar %s/lib/*.jar" % (harness.LIB_TARGET, harness.LIB_TARGET))
        self.assertEqual(set(result_data(self.run_ok(self.CHART))), {"text/plain"})
        self.assertEqual(set(result_data(self.run_ok(self.TABLE))), {"text/plain"})

    def test_2_with_the_render_jar_the_extension_renders(self):
        self.run_ok("%%jars %s" % RENDER_JAR)
        data = result_data(self.run_ok(self.CHART))
        self.assertEqual(png_size(data["image/png"]), (200, 120))
        self.assertIn("<th>n</th>", result_data(self.run_ok(self.TABLE))["text/html"])

    def test_3_a_notebook_renders_its_charts_and_tables(self):
        """The start-here notebook's own cells, in this kernel: every chart and table it shows in the
        committed notebook comes out as image/png or text/html here too."""
        nb_path = os.path.join(ROOT, "notebooks", "00-start-here.ipynb")
        with open(nb_path) as f:
            nb = json.load(f)
        expected = actual = 0
        for cell in nb["cells"]:
            if cell["cell_type"] != "code":
                continue
            source = "".join(cell["source"])
            if source.lstrip().startswith("%jars") and "fedpoison-render.jar" not in source:
                source = source.replace("%jars", "%%jars %s" % RENDER_JAR, 1)
            rich = any(k in o.get("data", {}) for o in cell.get("outputs", []) for k in ("image/png", "text/html"))
            reply, outputs = execute(self.kc, source, timeout=600)
            self.assertEqual(reply["status"], "ok", error_of(outputs))
            if rich:
                expected += 1
                got = [m["content"]["data"] for m in outputs if m["msg_type"] in ("execute_result", "display_data")]
                if any("image/png" in d or "text/html" in d for d in got):
                    actual += 1
        print("\nnotebook 00 without built-in renderers: %d of %d rich outputs rendered" % (actual, expected))
        self.assertGreater(expected, 0)
        self.assertEqual(actual, expected)


if __name__ == "__main__":
    unittest.main()
