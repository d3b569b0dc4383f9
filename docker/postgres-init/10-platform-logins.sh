#!/bin/sh
# Runs once, when the compose PostgreSQL initialises its data directory: the two login roles of
# the platform with their passwords (docs/adr/0006). The migrations grant them their privileges.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v app_password="$MTL_APP_PASSWORD" -v cross_password="$MTL_CROSS_ORG_PASSWORD" <<'SQL'
CREATE ROLE mtl_app LOGIN NOINHERIT NOSUPERUSER NOBYPASSRLS PASSWORD :'app_password';
CREATE ROLE mtl_cross_org LOGIN INHERIT NOSUPERUSER NOBYPASSRLS PASSWORD :'cross_password';
SQL
