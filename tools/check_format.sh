#!/usr/bin/env bash
# Checks that every tracked C++ file is formatted by Debian's clang-format
# against the repository's .clang-format (Google style). Lists the files
# that are not and exits 1; `tools/check_format.sh --fix` reformats them.
set -euo pipefail
cd "$(dirname "$0")/.."
fix=0
[ "${1:-}" = "--fix" ] && fix=1
files=$(git ls-files '*.cc' '*.h' 2>/dev/null || find hub adapters tools tests -name '*.cc' -o -name '*.h')
bad=()
for f in $files; do
  [ -f "$f" ] || continue
  if [ $fix -eq 1 ]; then
    clang-format -i "$f"
  elif ! clang-format --dry-run --Werror "$f" >/dev/null 2>&1; then
    bad+=("$f")
  fi
done
if [ ${#bad[@]} -gt 0 ]; then
  echo "check_format: ${#bad[@]} file(s) not formatted by $(clang-format --version | head -1):" >&2
  printf '  %s\n' "${bad[@]}" >&2
  echo "fix with: tools/check_format.sh --fix" >&2
  exit 1
fi
echo "check_format: $(echo "$files" | wc -w) files clean"
