-- cx sql --dialect databricks (as of 2026-06-30, zone UTC)
-- source surveys (databricks)
-- surveys: file data, shown as a table named 'surveys' as if loaded into databricks
SET TIME ZONE 'UTC';

-- 1 measure (overall)
WITH
  cx_raw AS (
    SELECT
      1 AS cx_one
    FROM `surveys`
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
