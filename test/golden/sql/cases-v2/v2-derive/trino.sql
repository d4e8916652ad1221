-- cx sql --dialect trino (as of 2026-06-30, zone UTC)
-- source tickets (trino)
-- tickets: file data, shown as a table named 'tickets' as if loaded into trino

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
