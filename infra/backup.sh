#!/usr/bin/env bash
# Backup and restore of a Duban data folder made by `make up` (either profile): Duban's database and Temporal's
# (both in the one PostgreSQL cluster; the dev profile's Temporal SQLite file too) and the secrets beside them.
#
#   bash infra/backup.sh backup  <data folder> <archive.tar.gz>   # the stack must be stopped (a cold, consistent copy)
#   bash infra/backup.sh restore <archive.tar.gz> <new data folder>   # into a folder that does not exist or is empty
#
# The copy is taken with everything stopped, so Duban's records and Temporal's histories are from the same instant.
# Certificates (tls/) and logs are not kept: every start makes new ones. For online backups of a real cluster
# (pg_basebackup / WAL archiving, both databases from one point in time) see docs/deploy.md.
set -euo pipefail
usage() { sed -n '4,5p' "$0" >&2; exit 2; }
[ $# -eq 3 ] || usage

case "$1" in
  backup)
    data="$2" archive="$3"
    [ -d "$data/postgres/cluster" ] || { echo "$data holds no PostgreSQL cluster (postgres/cluster)" >&2; exit 1; }
    if [ -f "$data/duban.lock" ] && kill -0 "$(cat "$data/duban.lock")" 2>/dev/null; then
      echo "Duban is running on $data (process $(cat "$data/duban.lock")): stop it first (Ctrl-C), then back up." >&2
      exit 1
    fi
    if [ -f "$data/postgres/cluster/postmaster.pid" ] && kill -0 "$(head -1 "$data/postgres/cluster/postmaster.pid")" 2>/dev/null; then
      echo "PostgreSQL still runs on $data: stop it first." >&2
      exit 1
    fi
    parts=(postgres)
    for optional in jwt-secret temporal/temporal.sqlite; do [ -e "$data/$optional" ] && parts+=("$optional"); done
    tar -C "$data" --exclude=postgres/cluster/postmaster.pid -czf "$archive" "${parts[@]}"
    chmod 600 "$archive"
    echo "backed up ${parts[*]} of $data into $archive ($(du -h "$archive" | cut -f1))"
    ;;
  restore)
    archive="$2" data="$3"
    [ -f "$archive" ] || { echo "no archive $archive" >&2; exit 1; }
    if [ -e "$data" ] && [ -n "$(ls -A "$data")" ]; then echo "$data is not empty: restore into a new folder" >&2; exit 1; fi
    mkdir -p "$data"
    tar -C "$data" -xzf "$archive"
    # PostgreSQL refuses a cluster folder that others may read; embedded-postgres runs it as the 'postgres' user when root.
    chmod 700 "$data/postgres/cluster"
    if [ "$(id -u)" = 0 ] && id postgres >/dev/null 2>&1; then chown -R postgres "$data/postgres/cluster"; fi
    echo "restored $archive into $data; start it with DUBAN_DATA_DIR=$data make up [PROFILE=cluster]"
    ;;
  *) usage ;;
esac
