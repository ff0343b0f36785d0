#!/usr/bin/env bash
# Runs the benchmark harness in Release: the real stack on the process runtime, driven by wrk, with the
# report written to artifacts/benchmark (or --output <folder>).
#   ./scripts/benchmark.sh            the full benchmark (about 15 minutes on 2 cores)
#   ./scripts/benchmark.sh --smoke    a few seconds per scenario, to prove the harness works (CI)
#   ./scripts/benchmark.sh --drill    the fault drills
#   --profile / --no-profile          the profile step (an api replica sampled under the cache-hit load):
#                                     on by default in a full run, off in a smoke run
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/prerequisites.sh --tests
dotnet run --project tests/Benchmarks -c Release -- "$@"
