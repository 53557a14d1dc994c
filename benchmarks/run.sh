#!/usr/bin/env bash
# Runs the whole performance suite (under 10 minutes on 2 cores) and writes BENCHMARKS.md at the
# repository root. --quick is a smoke run of about two minutes whose figures are not worth quoting;
# it writes benchmarks/target/BENCHMARKS-quick.md and leaves BENCHMARKS.md alone. --full adds the
# 10-minute soak of the demo server at full load (heap after GC over time), about 21 minutes in all.
set -euo pipefail
cd "$(dirname "$0")/.."

report=BENCHMARKS.md
for arg in "$@"; do
  if [ "$arg" = "--quick" ]; then
    report=benchmarks/target/BENCHMARKS-quick.md
  fi
done

mvn -B -q -ntp -pl benchmarks -am -DskipTests -Dspotless.check.skip=true package
exec java -Xmx512m -jar benchmarks/target/benchmarks.jar "$@" "$report"
