-- pgbench custom script: one transaction = one single-row INSERT of a new session into the raw
-- table that `bench_storage reset-raw` creates (the same row bench_storage inserts through QtSql).
\set r random(1, 1000000000)
INSERT INTO raw_sessions (id, title, status, config, created_at)
VALUES (gen_random_uuid()::text, 'session ' || :r, 'pending',
        '{"model":"m","max_steps":10,"tools":["shell","editor"],"temperature":0.2}', now()::text);
