#!/bin/sh
# Checks that every C source and header is formatted as .clang-format says
# (STYLE.md 3.11).  `make check-format` and CI run it; `clang-format -i FILE`
# fixes a file.
set -eu
cd "$(dirname "$0")/.."
CF=${CLANG_FORMAT:-clang-format}
if ! command -v "$CF" >/dev/null 2>&1; then
    echo "check-format: $CF not found (apt-get install clang-format)" >&2
    exit 2
fi
if [ -e .git ]; then
    files=$(git ls-files '*.c' '*.h')
else
    files=$(find aws signing services examples include tests bench \
        -name '*.c' -o -name '*.h' 2>/dev/null)
fi
bad=""
for f in $files; do
    "$CF" --dry-run -Werror "$f" >/dev/null 2>&1 || bad="$bad $f"
done
if [ -n "$bad" ]; then
    echo "check-format: not formatted (clang-format -i to fix):$bad" >&2
    exit 1
fi
echo "check-format: $(echo "$files" | wc -w) files formatted"
