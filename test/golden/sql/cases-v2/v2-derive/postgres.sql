-- cx sql --dialect postgres (as of 2026-06-30, zone UTC)
-- source tickets (postgres)
-- tickets: file data, shown as a table named 'tickets' as if loaded into postgres
SET TIME ZONE 'UTC';
SET extra_float_digits = 1;

-- 1 measure (overall)
WITH
  cx_raw AS (
    SELECT
      1 AS cx_one
    FROM "tickets"
  ),
  cx_src AS (
    SELECT
      1 AS cx_one
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *
    FROM cx_src
  )
SELECT
  COUNT(*) FILTER (WHERE FALSE) AS cx_c0
FROM cx_rows;
