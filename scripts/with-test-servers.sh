#!/usr/bin/env bash
# with-test-servers.sh — run a command with the end-to-end test servers up.
#
#   scripts/with-test-servers.sh go test ./...
#
# Installs the servers when missing (scripts/install-test-servers.sh), starts
# them in a private state directory (so two runs do not collide), exports the
# variables listed in scripts/test-servers.sh, runs the command, and always
# stops the servers afterwards. Exits with the command's status.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [[ $# -eq 0 ]]; then
	echo "usage: $0 COMMAND [ARGS...]" >&2
	exit 2
fi

"$repo/scripts/install-test-servers.sh"

PIISCAN_TEST_SERVERS_DIR=$(mktemp -d "${TMPDIR:-/tmp}/piiscan-test-state.XXXXXX")
export PIISCAN_TEST_SERVERS_DIR
cleanup() {
	"$repo/scripts/test-servers.sh" stop || true
	rm -rf "$PIISCAN_TEST_SERVERS_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"$repo/scripts/test-servers.sh" start
set -a
# shellcheck disable=SC1091
. "$PIISCAN_TEST_SERVERS_DIR/test-servers.env"
set +a

status=0
"$@" || status=$?
if [[ $status -ne 0 ]]; then
	# The servers' own view of a failure (a 403 or 500 from MinIO says little
	# on the client side); the state directory goes with cleanup.
	for log in minio kms sqs; do
		[[ -s "$PIISCAN_TEST_SERVERS_DIR/$log.log" ]] || continue
		echo "== last lines of the $log server's log" >&2
		tail -n 40 "$PIISCAN_TEST_SERVERS_DIR/$log.log" >&2 || true
	done
fi
exit "$status"
