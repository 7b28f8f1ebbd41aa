#!/bin/sh
# Runs once, on the first start of an empty data volume, from /docker-entrypoint-initdb.d/ of the
# postgres:16 image: the roles and database of provision-roles.sql, with passwords from the
# environment. To change them later, run provision-roles.sql again (see its header); deleting the
# volume also re-runs this, at the cost of all data.
# POSIX sh, and no `set -u`/exit on success paths: the entrypoint may source this file rather than run it.
set -e

: "${REFERRAL_OWNER_PASSWORD:?REFERRAL_OWNER_PASSWORD is required}"
: "${REFERRAL_API_PASSWORD:?REFERRAL_API_PASSWORD is required}"
: "${REFERRAL_WORKER_PASSWORD:?REFERRAL_WORKER_PASSWORD is required}"

# Mounted outside initdb.d so the entrypoint does not run it a second time without its variables.
sql_file="${REFERRAL_PROVISION_SQL:-/opt/referral-desk/provision-roles.sql}"

psql --no-psqlrc -v ON_ERROR_STOP=1 \
  --username "${POSTGRES_USER:-postgres}" --dbname "${POSTGRES_DB:-postgres}" \
  -v owner_password="$REFERRAL_OWNER_PASSWORD" \
  -v api_password="$REFERRAL_API_PASSWORD" \
  -v worker_password="$REFERRAL_WORKER_PASSWORD" \
  -f "$sql_file"
