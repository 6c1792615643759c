#!/usr/bin/env bash
# A throw-away PostgreSQL server whose data directory (tables and write-ahead log) lives on a small
# file system of its own (a 256 MB tmpfs; the server's own log stays outside it, beside), for the
# full-disk tests of RELIABILITY.md: the tests fill that file system to the last byte and watch what
# the server and ntm do. It starts no checkpoint of its own (a day apart, 1 GB of log): the tests
# ask for one before they fill the disk, since a checkpoint removing log files after that would
# free room under them.
#
#   eval "$(scripts/small-disk-postgres.sh start)"   mounts, initialises and starts it, and prints
#                                                     the variables the tests read:
#     NTM_TEST_FULL_DISK_DATABASE_URL  the server (its `postgres` database)
#     NTM_TEST_FULL_DISK_DIR           a directory on the same file system, where a test may write
#                                      the file that fills it
#     NTM_TEST_FULL_DISK_RESTART       the command that starts the server again after it stopped
#                                      itself (PostgreSQL shuts down when its log cannot be written)
#     NTM_TEST_FULL_DISK_MOUNT         the directory that holds it all (for stop)
#   scripts/small-disk-postgres.sh stop DIR           stops it, unmounts and removes DIR
#
# Needs root (mount, and `su postgres` for the server; run through sudo, the restart command uses
# sudo too) and Debian's postgresql package.
set -euo pipefail

as_postgres() { su postgres -s /bin/sh -c "$*"; }

case "${1:-}" in
start)
  PGBIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  DIR="$(mktemp -d /tmp/ntm-small-disk.XXXXXX)"
  mkdir "$DIR/disk"
  mount -t tmpfs -o size=256m,mode=0755 tmpfs "$DIR/disk" >&2
  chown postgres "$DIR" "$DIR/disk"
  chmod 0755 "$DIR"
  mkdir "$DIR/disk/fill"
  # Run through sudo, the tests run as the one who called it: the directory to fill is theirs.
  if [ -n "${SUDO_USER:-}" ]; then chown "$SUDO_USER" "$DIR/disk/fill"; fi
  PORT=56432
  while (echo > "/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; do PORT=$((PORT + 1)); done
  as_postgres "'$PGBIN/initdb' -D '$DIR/disk/data' -A trust -U postgres --lc-messages=C >/dev/null"
  START="su postgres -s /bin/sh -c \"'$PGBIN/pg_ctl' -D '$DIR/disk/data' -o '-p $PORT -k /tmp -c listen_addresses=127.0.0.1 -c max_wal_size=1GB -c checkpoint_timeout=1d -c wal_recycle=off' -l '$DIR/log' -w start\" >/dev/null"
  sh -c "$START" >&2
  if [ -n "${SUDO_USER:-}" ]; then START="sudo $START"; fi
  echo "export NTM_TEST_FULL_DISK_DATABASE_URL='postgres://postgres@127.0.0.1:$PORT/postgres'"
  echo "export NTM_TEST_FULL_DISK_DIR='$DIR/disk/fill'"
  printf "export NTM_TEST_FULL_DISK_RESTART=%q\n" "$START"
  echo "export NTM_TEST_FULL_DISK_MOUNT='$DIR'"
  ;;
stop)
  DIR="${2:?the directory start printed as NTM_TEST_FULL_DISK_MOUNT}"
  PGBIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  as_postgres "'$PGBIN/pg_ctl' -D '$DIR/disk/data' -m immediate stop" >/dev/null 2>&1 || true
  umount "$DIR/disk" && rm -rf "$DIR"
  ;;
*)
  echo "usage: $0 start | stop DIR" >&2
  exit 2
  ;;
esac
