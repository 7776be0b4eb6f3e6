#!/usr/bin/env bash
# Fails when a build or test log has a warning line that .ci/allowed-warnings does not allow.
# A green run should print nothing a user would wonder about: javac and javadoc warnings, Maven
# plugin [WARNING]s, JVM warnings (sun.misc.Unsafe, native access, --add-opens), JUnit's and
# java.util.logging's WARNING records. Fix a new one at its source; allow it only with a reason.
#   .ci/check-warnings.sh LOG
set -euo pipefail
log=${1:?usage: check-warnings.sh LOG}
allow="$(dirname "${BASH_SOURCE[0]}")/allowed-warnings"

# Warning lines as Maven ([WARNING]), javac/javadoc (file:N: warning:), the JVM and JUL (WARNING: ...) print them.
found=$(grep -E '^\[WARNING\]|^WARNING[: ]|^Warning:|: warning: ' "$log" || true)
# The allow-list: one extended regex per line; comments (#) and blank lines give the reasons.
patterns=$(grep -vE '^[[:space:]]*(#|$)' "$allow" || true)
if [[ -n "$found" && -n "$patterns" ]]; then
  found=$(grep -vE -f <(printf '%s\n' "$patterns") <<<"$found" || true)
fi
if [[ -n "$found" ]]; then
  echo "check-warnings: $(wc -l <<<"$found") warning line(s) in $log that .ci/allowed-warnings does not allow:" >&2
  printf '%s\n' "$found" | head -n 50 >&2
  echo "check-warnings: fix each at its source (see .ci/allowed-warnings for the few kept, with reasons)" >&2
  exit 1
fi
echo "check-warnings: no unexpected warnings in $log"
