#!/usr/bin/env bash
# Back up Rebound's PostgreSQL database and prove the backup restores.
#
#   scripts/backup_restore.sh            # back up $SOURCE_DB, restore into a scratch database, compare
#   scripts/backup_restore.sh --seed     # first create $SOURCE_DB with the demo account (for a try-out)
#
# Steps (the same ones to use in production, with your own database names):
#   1. pg_dump --format=custom: one compressed file, restorable table by table.
#   2. pg_restore into a new, empty scratch database (never over the live one).
#   3. Compare the number of rows in every table of the two databases, and check
#      that the restored schema is at the latest migration.
# Exit status 0 only when every table has the same number of rows.
#
# Connection: PGHOST, PGPORT, PGUSER (and PGPASSWORD or ~/.pgpass), as for psql.
# Defaults: the local PostgreSQL at 127.0.0.1:5432 as user postgres.
set -euo pipefail

export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
SOURCE_DB="${SOURCE_DB:-rebound_trust_source}"
SCRATCH_DB="${SCRATCH_DB:-rebound_trust_restore_check}"
BACKUP_DIR="${BACKUP_DIR:-artifacts/backups}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
mkdir -p "$BACKUP_DIR"
BACKUP_FILE="$BACKUP_DIR/${SOURCE_DB}-$(date -u +%Y%m%dT%H%M%SZ).dump"
url() { echo "postgres://${PGUSER}@${PGHOST}:${PGPORT}/$1"; }

if [[ "${1:-}" == "--seed" ]]; then
  echo "Creating $SOURCE_DB with the demo account ..."
  dropdb --if-exists "$SOURCE_DB"
  createdb "$SOURCE_DB"
  export DATABASE_URL; DATABASE_URL="$(url "$SOURCE_DB")"
  DEBUG=true .venv/bin/python manage.py migrate --no-input -v 0
  DEBUG=true .venv/bin/python manage.py createcachetable
  DEBUG=true .venv/bin/python manage.py demo_data --email demo@example.com --password rebound-demo -v 0
  unset DATABASE_URL
fi

# One query per database: every table of the public schema with its exact row count.
COUNT_SQL="select table_name, (xpath('/row/c/text()', query_to_xml(format('select count(*) as c from %I.%I', table_schema, table_name), false, true, '')))[1]::text::bigint
from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1"

start=$(date +%s.%N)
pg_dump --format=custom --no-owner --file="$BACKUP_FILE" "$SOURCE_DB"
dumped=$(date +%s.%N)
echo "Backed up $SOURCE_DB to $BACKUP_FILE ($(du -h "$BACKUP_FILE" | cut -f1))"

dropdb --if-exists "$SCRATCH_DB"
createdb "$SCRATCH_DB"
pg_restore --no-owner --exit-on-error --dbname="$SCRATCH_DB" "$BACKUP_FILE"
restored=$(date +%s.%N)
echo "Restored into $SCRATCH_DB"

psql -X -q -At -F $'\t' -c "$COUNT_SQL" "$SOURCE_DB" > "$BACKUP_DIR/source_counts.tsv"
psql -X -q -At -F $'\t' -c "$COUNT_SQL" "$SCRATCH_DB" > "$BACKUP_DIR/restored_counts.tsv"

tables=$(wc -l < "$BACKUP_DIR/source_counts.tsv")
rows=$(awk -F'\t' '{s+=$2} END {print s+0}' "$BACKUP_DIR/source_counts.tsv")
if diff -u "$BACKUP_DIR/source_counts.tsv" "$BACKUP_DIR/restored_counts.tsv"; then
  same=yes
else
  same=no
fi

# The restored schema is the one the code expects.
if DATABASE_URL="$(url "$SCRATCH_DB")" DEBUG=true .venv/bin/python manage.py migrate --check >/dev/null 2>&1; then
  migrations="at the latest migration"
else
  migrations="NOT at the latest migration"
  same=no
fi

printf 'backup/restore: %s tables, %s rows; dump %.1f s, restore %.1f s; row counts %s; restored schema %s\n' \
  "$tables" "$rows" "$(echo "$dumped - $start" | bc)" "$(echo "$restored - $dumped" | bc)" \
  "$([[ $same == yes ]] && echo identical || echo DIFFERENT)" "$migrations"

dropdb --if-exists "$SCRATCH_DB"
[[ $same == yes ]]
