-- cx sql --dialect bigquery (as of 2026-06-30, zone UTC)
-- source surveys (bigquery)
-- surveys: file data, shown as a table named 'surveys' as if loaded into bigquery

-- 2 measures (overall), scale and division checks
WITH
  cx_raw AS (
    SELECT
      `recommend` AS `cx_c0_v`
    FROM `surveys`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS FLOAT64) AS `recommend`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *
    FROM cx_src
  )
SELECT
  COUNT(*) AS cx_c0,
  COUNT(CASE WHEN `recommend` = floor(`recommend`) AND `recommend` >= 0 AND `recommend` <= 10 THEN 1 END) AS cx_c1,
  COUNT(CASE WHEN (`recommend` = floor(`recommend`) AND `recommend` >= 0 AND `recommend` <= 10) AND (`recommend` >= 9) THEN 1 END) AS cx_c2,
  COUNT(CASE WHEN (`recommend` = floor(`recommend`) AND `recommend` >= 0 AND `recommend` <= 10) AND (`recommend` <= 6) THEN 1 END) AS cx_c3,
  COUNT(CASE WHEN `recommend` IS NOT NULL AND (`recommend` < 0 OR `recommend` > 10 OR `recommend` <> floor(`recommend`)) THEN 1 END) AS cx_c4
FROM cx_rows;
