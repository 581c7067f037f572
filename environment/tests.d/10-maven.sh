# Builds everything and runs the library's and the kernel's JUnit tests.
set -euo pipefail
cd "$FEDPOISON_ROOT"
mvn -B -q -ntp install -Dsurefire.printSummary=true 2>&1 | grep -vE '^\[INFO\] *$' || { echo "maven build or tests failed"; exit 1; }
