#!/usr/bin/env bash
# Runs the whole performance suite (under 10 minutes on 2 cores) and writes BENCHMARKS.md at the
# repository root. Pass --quick for a one-minute smoke run whose figures are not worth quoting.
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -q -ntp -pl benchmarks -am -DskipTests -Dspotless.check.skip=true package
exec java -Xmx512m -jar benchmarks/target/benchmarks.jar "$@" BENCHMARKS.md
