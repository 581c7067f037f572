# Builds everything (with -Pspark: the Spark runner too) and runs the JUnit tests of the library, the kernel and the Spark runner.
set -euo pipefail
cd "$FEDPOISON_ROOT"
mvn -B -ntp -Dstyle.color=never -Pspark install
