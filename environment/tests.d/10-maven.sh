# Builds everything and runs the library's and the kernel's JUnit tests.
set -euo pipefail
cd "$FEDPOISON_ROOT"
mvn -B -ntp -Dstyle.color=never install
