-- cx sql --dialect postgres (as of 2026-06-30, zone UTC)
-- source surveys (postgres)
-- surveys: file data, shown as a table named 'surveys' as if loaded into postgres
SET TIME ZONE 'UTC';
SET extra_float_digits = 1;

-- 1 measure (overall)
WITH
  cx_raw AS (
    SELECT
      1 AS cx_one
    FROM "surveys"
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
  COUNT(*) AS cx_c0
FROM cx_rows;
