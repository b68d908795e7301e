-- bench/register_ceiling.sql: one API registration on PostgreSQL without Django, for
-- pgbench. The same single statement events/services/registration.py
-- _register_in_one_statement sends (events_register() of events/migrations/0009), in
-- autocommit, so each transaction is one round trip. A new email and manage token per transaction (:n counts per client from
-- -D n=0); the occurrence, the consent version and the rules' values come from
-- bench/ceilings.py as -D variables read from events.models, so they are written once.
\set n :n + 1
SELECT * FROM events_register(
    :occurrence,
    'Deltager :client_id-:n',
    'loft-:client_id-:n@example.dk',
    'Eksempel Kommune',
    NULL,
    '',
    '',
    ':consent_version',
    ':source',
    md5('loft-:client_id-:n'),
    now(),
    ':lock_timeout',
    ':published',
    ':planned',
    ':seat_statuses',
    ':active_statuses',
    ':confirmed',
    ':waitlisted',
    ':handler',
    ':no_quota',
    ':reason_full'
);
