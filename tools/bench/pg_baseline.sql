-- The PostgreSQL side of hub_bench's comparison (issue 14): per submission
-- what the hub does, in SQL: store the submission, upsert its merged
-- record (reading the record before, as the hub's change event carries
-- before and after), and append two change-log rows, SUBMISSION_ACCEPTED
-- and RECORD_CHANGED, hash-chained (SHA-256 of the previous hash and the
-- row's content) under a lock on the log head. Values are exact numerics.
CREATE TABLE submissions (
  department text NOT NULL,
  submission_id text NOT NULL,
  body bytea NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (department, submission_id));
CREATE TABLE merged_records (
  code text NOT NULL,
  region text NOT NULL,
  period text NOT NULL,
  value numeric,
  numerator numeric,
  denominator numeric,
  contributions jsonb NOT NULL,
  version bigint NOT NULL,
  PRIMARY KEY (code, region, period));
CREATE TABLE change_log (
  sequence bigint PRIMARY KEY,
  time timestamptz NOT NULL,
  actor text NOT NULL,
  kind text NOT NULL,
  body bytea NOT NULL,
  prev_hash bytea NOT NULL,
  hash bytea NOT NULL);
CREATE TABLE log_head (id int PRIMARY KEY, sequence bigint, hash bytea);
INSERT INTO log_head VALUES (1, 0, ''::bytea);
CREATE SEQUENCE submission_ids;

CREATE FUNCTION submit_batch(n int) RETURNS void AS $$
DECLARE
  counties text[] := ARRAY['350404','350405','350421','350423','350424',
    '350425','350426','350428','350429','350430','350481'];
  sid bigint; k bigint; reg text; per text; num numeric; body bytea;
  before jsonb; after jsonb; change bytea; head record; h1 bytea; h2 bytea;
BEGIN
  -- The lock on the log head first, held to the commit: writers take turns
  -- as the hub's one sequencer does (and never deadlock on records).
  SELECT sequence, hash INTO head FROM log_head l WHERE l.id = 1 FOR UPDATE;
  FOR i IN 1..n LOOP
    sid := nextval('submission_ids');
    k := sid % 1320;
    reg := counties[k % 11 + 1];
    per := to_char(date '2015-01-01' + ((k / 11) % 120) * interval '1 month',
                   'YYYY-MM');
    num := 60000 + sid % 5000;
    body := convert_to(json_build_object(
      'submission_id', 'bench-' || sid, 'department', 'health_commission',
      'items', json_build_array(json_build_object(
        'indicator_code', 'primary_care_visit_share', 'region_code', reg,
        'period', per, 'numerator', num::text, 'denominator', '100000',
        'unit', '%')))::text, 'UTF8');
    INSERT INTO submissions (department, submission_id, body)
      VALUES ('health_commission', 'bench-' || sid, body);
    SELECT to_jsonb(m) INTO before FROM merged_records m
      WHERE code = 'primary_care_visit_share' AND region = reg AND period = per;
    INSERT INTO merged_records AS m VALUES ('primary_care_visit_share', reg,
        per, round(num / 1000, 2), num, 100000,
        jsonb_build_object('health_commission', jsonb_build_object(
          'numerator', num, 'denominator', 100000, 'submission_id',
          'bench-' || sid)), 1)
      ON CONFLICT (code, region, period) DO UPDATE
        SET value = excluded.value, numerator = excluded.numerator,
            denominator = excluded.denominator,
            contributions = excluded.contributions, version = m.version + 1
      RETURNING to_jsonb(m) INTO after;
    change := convert_to(jsonb_build_object('before', before, 'after',
                                            after)::text, 'UTF8');
    h1 := sha256(head.hash || body);
    h2 := sha256(h1 || change);
    INSERT INTO change_log VALUES
      (head.sequence + 1, now(), 'health_commission@350400',
       'SUBMISSION_ACCEPTED', body, head.hash, h1),
      (head.sequence + 2, now(), 'health_commission@350400',
       'RECORD_CHANGED', change, h1, h2);
    head.sequence := head.sequence + 2;
    head.hash := h2;
  END LOOP;
  UPDATE log_head l SET sequence = head.sequence, hash = head.hash
    WHERE l.id = 1;
END $$ LANGUAGE plpgsql;
