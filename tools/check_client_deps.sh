#!/usr/bin/env bash
# Checks that a client binary was built without the server side: no object
# linked into it includes a RocksDB header (or one of the engine's, the
# store's or the server's), and it links none of those libraries.
#
#   tools/check_client_deps.sh <ninja build dir> <client target> <server target>
#
# The server target is the control: the same inspection must find RocksDB
# in it, or the check proves nothing (exit 2). Reads ninja's own record of
# every object's headers (ninja -t deps) and of every link line (ninja -t
# commands), so it sees what was compiled, not what CMake meant.
set -euo pipefail
build=$1 client=$2 server=$3
forbidden_headers='/rocksdb/|hub/engine/|hub/store/|hub/server/|hub/audit/auditor\.h'
forbidden_libs='librocksdb|libhub_engine\.a|libhub_store\.a|libhub_server\.a|libhub_audit\.a'

link_line() { ninja -C "$build" -t commands "$1" | tail -n 1; }

# The object directories of target and of every static library it links.
object_dirs() {
  local line=$1 target=$2
  echo "CMakeFiles/$target.dir/"
  for lib in $(echo "$line" | tr ' ' '\n' | grep -E '\.a$'); do
    local name
    name=$(basename "$lib" .a)
    echo "CMakeFiles/${name#lib}.dir/"
  done
}

# Headers of every object in those directories: "object: header" lines.
headers_of() {
  local dirs=$1
  ninja -C "$build" -t deps | awk -v dirs="$dirs" '
    BEGIN { n = split(dirs, d, "\n") }
    /^[^ ].*: #deps/ {
      obj = $1; keep = 0
      for (i = 1; i <= n; i++) if (d[i] != "" && index(obj, d[i])) keep = 1
      next
    }
    keep && NF { print obj " " $1 }'
}

server_line=$(link_line "$server")
server_headers=$(headers_of "$(object_dirs "$server_line" "$server")")
if ! grep -qE 'librocksdb' <<<"$server_line" ||
   ! grep -qE '/rocksdb/' <<<"$server_headers"; then
  echo "check_client_deps: the control $server shows no RocksDB; the check is blind" >&2
  exit 2
fi

client_line=$(link_line "$client")
status=0
if libs=$(tr ' ' '\n' <<<"$client_line" | grep -E "$forbidden_libs"); then
  echo "check_client_deps: $client links the server side:" >&2
  echo "$libs" | sed 's/^/  /' >&2
  status=1
fi
client_headers=$(headers_of "$(object_dirs "$client_line" "$client")")
if [ -z "$client_headers" ]; then
  echo "check_client_deps: no header record for $client; build it first" >&2
  exit 2
fi
if bad=$(grep -E "$forbidden_headers" <<<"$client_headers"); then
  echo "check_client_deps: objects of $client include server-side headers:" >&2
  echo "$bad" | head -20 | sed 's/^/  /' >&2
  status=1
fi
if [ $status -eq 0 ]; then
  echo "check_client_deps: $client: $(wc -l <<<"$client_headers") header uses" \
    "in its objects, none of RocksDB, the engine, the store or the server;" \
    "$server has $(grep -c '/rocksdb/' <<<"$server_headers") RocksDB ones"
fi
exit $status
