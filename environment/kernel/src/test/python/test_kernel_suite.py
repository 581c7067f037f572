"""Jupyter's kernel test suite (Debian's python3-jupyter-kernel-test) run against our kernel: every
check that applies to Java."""

import unittest

import jupyter_kernel_test


class FedpoisonKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "fedpoison"
    language_name = "java"
    file_extension = ".jshell"

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("to stderr");'

    completion_samples = [
        {"text": "Math.ma", "matches": {"max("}},
        {"text": "System.out.printl", "matches": {"println("}},
        {"text": "Strin"},
    ]

    complete_code_samples = ["1 + 1", "int x = 5;", "void f() { }", "%jars x.jar",
                             "for (int i = 0; i < 3; i++) {\n  System.out.println(i);\n}"]
    incomplete_code_samples = ["int x = ", "void f() {", "for (int i = 0; i < 3; i++) {", "/* open comment"]
    invalid_code_samples = ["}", ")", "class A {}}"]

    code_generate_error = 'throw new IllegalStateException("boom");'

    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"fed" + "poison"', "result": "fedpoison"},
        {"code": "int[] a = {3, 1, 2};\nArrays.stream(a).sum()", "result": "6"},
        {"code": "new java.awt.image.BufferedImage(4, 3, java.awt.image.BufferedImage.TYPE_INT_RGB)",
         "mime": "image/png"},
    ]

    code_display_data = [
        {"code": 'display("shown");', "mime": "text/plain"},
        {"code": "display(new java.awt.image.BufferedImage(5, 5, java.awt.image.BufferedImage.TYPE_INT_RGB));",
         "mime": "image/png"},
    ]

    code_inspect_sample = "Math.max"


if __name__ == "__main__":
    unittest.main()
