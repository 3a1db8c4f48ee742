#!/usr/bin/env bash
# Installs the Debian 12 packages the hub needs, only those missing.
# Runs apt-get as root, or through sudo when not root.
set -euo pipefail

PACKAGES=(
  cmake ninja-build g++ pkg-config
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libabsl-dev librocksdb-dev libssl-dev openssl
  libgtest-dev libgmock-dev libbenchmark-dev
  python3-grpcio python3-protobuf
  libxlsxwriter-dev libicu-dev python3-openpyxl
  # The HTML report's test renders it in headless Chromium (DOM, PDF,
  # screenshot); a CJK font so the screenshot and PDF show the Chinese.
  chromium fonts-wqy-microhei
  clang-format
  clang-16 libfuzzer-16-dev libclang-rt-16-dev   # tools/fuzz.sh (tests/fuzz)
  prometheus-cpp-dev prometheus
  # The PostgreSQL store (hub/pgstore) and its tests, and the deployment
  # guide's Patroni with etcd (docs/DEPLOYMENT.md; ctest deployment_configs).
  libpq-dev postgresql-15 patroni etcd-server etcd-client
  # The Java client (clients/java) and its interop suite: grpc-java does not
  # pull in its run time, hence netty, perfmark and guava; the annotation
  # spec gives javax.annotation.Generated on JDK 17; common protos give
  # google.rpc.Status and BadRequest.
  default-jdk libgrpc-java protobuf-compiler-grpc-java-plugin libprotobuf-java
  libnetty-java libperfmark-java libguava-java
  libgeronimo-annotation-1.3-spec-java libgoogle-common-protos-java
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then SUDO="sudo"; else
    echo "install_deps: need root or sudo to install: ${missing[*]}" >&2
    exit 1
  fi
fi
echo "install_deps: installing ${missing[*]}" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
