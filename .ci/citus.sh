#!/usr/bin/env bash
# A 3-node Citus cluster on loopback for CI (coordinator 127.0.0.1:9700, workers 9701 and 9702),
# from the shared build beside the clone (../shared/citus: its README). Usage:
#   eval "$(bash .ci/citus.sh start)"    install the build, start the cluster, print CITUS_URL
#   bash .ci/citus.sh createdb NAME      a database with the extension on every node; its URL
#   bash .ci/citus.sh stop
#   bash .ci/citus.sh worker restart | stop | start-again
#                                        the second worker (9702) alone, data kept: the outage
#                                        tests use it as E2E_PG_RESTART (like .ci/postgres.sh)
set -euo pipefail
SHARED=$(realpath -m "$(dirname "$0")/../../shared/citus")
DIR=${CITUS_DIR:-/tmp/loupe-citus}
BIN=/usr/lib/postgresql/15/bin
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
worker=$DIR/worker2

case "${1:-start}" in
  start)
    [ -f "$SHARED/cluster.sh" ] || { echo "no Citus build at $SHARED" >&2; exit 1; }
    bash "$SHARED/install.sh" >&2
    bash "$SHARED/cluster.sh" stop >/dev/null 2>&1 || true
    rm -rf "$DIR"
    url=$(bash "$SHARED/cluster.sh" start)
    echo "export $url"
    ;;
  createdb) bash "$SHARED/cluster.sh" createdb "$2" 2>/dev/null ;;
  stop) bash "$SHARED/cluster.sh" stop >/dev/null 2>&1 || true ;;
  worker)
    case "${2:-}" in
      restart) as_pg "$BIN/pg_ctl" -D "$worker" -m fast -w restart -l "$DIR/worker2.log" >/dev/null ;;
      stop) as_pg "$BIN/pg_ctl" -D "$worker" -m fast -w stop >/dev/null ;;
      start-again)
        as_pg "$BIN/pg_ctl" -D "$worker" status >/dev/null 2>&1 ||
          as_pg "$BIN/pg_ctl" -D "$worker" -l "$DIR/worker2.log" -w start >/dev/null
        ;;
      *) echo "usage: citus.sh worker restart|stop|start-again" >&2; exit 2 ;;
    esac
    ;;
  *) echo "usage: citus.sh start|createdb NAME|stop|worker …" >&2; exit 2 ;;
esac
