-- Provisions the referral desk's roles and database on a PostgreSQL 16 server. Roles are
-- cluster-wide, so this is a provisioning step run once by a superuser, not a migration; running it
-- again updates the passwords and grants. (scripts/lib/provision.js does the same for the embedded
-- and test clusters.) Migrations then run as referral_owner, which creates and owns the schema.
--
--   psql "postgres://postgres@db.example:5432/postgres" -v ON_ERROR_STOP=1 \
--        -v owner_password="$REFERRAL_OWNER_PASSWORD" \
--        -v api_password="$REFERRAL_API_PASSWORD" \
--        -v worker_password="$REFERRAL_WORKER_PASSWORD" \
--        -f docker/postgres/provision-roles.sql
--
-- Connect to the postgres database (referral_desk may not exist yet). The passwords end up in
-- DATABASE_URL and DATABASE_OWNER_URL, so keep them URL-safe or percent-encode them there. The
-- C.UTF-8 locale must exist on the server (it does on Debian/Ubuntu and RHEL 8+ with glibc).

\set ON_ERROR_STOP on

-- Refuse empty passwords (a missing -v variable already fails as a syntax error below).
SELECT :'owner_password' <> '' AND :'api_password' <> '' AND :'worker_password' <> '' AS passwords_given \gset
\if :passwords_given
\else
  DO $$ BEGIN RAISE EXCEPTION 'owner_password, api_password and worker_password must not be empty'; END $$;
\endif

-- The owner creates the tables, so the apps refuse to connect as it. None of the three may bypass
-- row-level security or create databases and roles.
SELECT format('%s ROLE %I LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD %L',
              CASE WHEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r.name) THEN 'ALTER' ELSE 'CREATE' END,
              r.name, r.password)
  FROM (VALUES ('referral_owner', :'owner_password'),
               ('referral_api', :'api_password'),
               ('referral_worker', :'worker_password')) AS r(name, password)
\gexec

-- UTF8 from template0: the apps refuse any other encoding (Arabic search).
SELECT 'CREATE DATABASE referral_desk OWNER referral_owner ENCODING ''UTF8'' TEMPLATE template0 '
       'LC_COLLATE ''C.UTF-8'' LC_CTYPE ''C.UTF-8'''
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'referral_desk')
\gexec

-- Also when the database already existed (e.g. created by POSTGRES_DB): the owner must own it.
ALTER DATABASE referral_desk OWNER TO referral_owner;

-- Only the runtime roles (and the owner) may connect; table privileges come from the migrations.
REVOKE ALL ON DATABASE referral_desk FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE referral_desk TO referral_api, referral_worker;
