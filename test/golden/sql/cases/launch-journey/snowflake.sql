-- cx sql --dialect snowflake (as of 2026-03-31, zone UTC)
-- source ratings (snowflake)
-- ratings: file data, shown as a table named 'ratings' as if loaded into snowflake
ALTER SESSION SET TIMEZONE = 'UTC';

-- 11 measures (overall)
WITH
  cx_raw AS (
    SELECT
      "touchpoint" AS "cx_c0_v",
      "score" AS "cx_c1_v",
      "day" AS "cx_c2_v"
    FROM "ratings"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS VARCHAR) AS "touchpoint",
      CAST("cx_c1_v" AS FLOAT) AS "score",
      CAST("cx_c2_v" AS DATE) AS "day"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, "day" AS cx_day
    FROM cx_src
  )
SELECT
  COUNT(*) AS cx_c0,
  COUNT(CASE WHEN ("touchpoint" = 'innovation') THEN 1 END) AS cx_c1,
  COUNT(CASE WHEN ("touchpoint" = 'innovation') THEN "score" END) AS cx_c2,
  SUM(CASE WHEN ("touchpoint" = 'innovation') THEN "score" END) AS cx_c3,
  VAR_POP(CASE WHEN ("touchpoint" = 'innovation') THEN "score" END) * COUNT(CASE WHEN ("touchpoint" = 'innovation') THEN "score" END) AS cx_c4,
  COUNT(CASE WHEN ("touchpoint" = 'store') THEN 1 END) AS cx_c5,
  COUNT(CASE WHEN ("touchpoint" = 'store') THEN "score" END) AS cx_c6,
  SUM(CASE WHEN ("touchpoint" = 'store') THEN "score" END) AS cx_c7,
  VAR_POP(CASE WHEN ("touchpoint" = 'store') THEN "score" END) * COUNT(CASE WHEN ("touchpoint" = 'store') THEN "score" END) AS cx_c8,
  COUNT(CASE WHEN ("touchpoint" = 'marketing') THEN 1 END) AS cx_c9,
  COUNT(CASE WHEN ("touchpoint" = 'marketing') THEN "score" END) AS cx_c10,
  SUM(CASE WHEN ("touchpoint" = 'marketing') THEN "score" END) AS cx_c11,
  VAR_POP(CASE WHEN ("touchpoint" = 'marketing') THEN "score" END) * COUNT(CASE WHEN ("touchpoint" = 'marketing') THEN "score" END) AS cx_c12,
  COUNT(CASE WHEN ("touchpoint" = 'purchase') THEN 1 END) AS cx_c13,
  COUNT(CASE WHEN ("touchpoint" = 'purchase') THEN "score" END) AS cx_c14,
  SUM(CASE WHEN ("touchpoint" = 'purchase') THEN "score" END) AS cx_c15,
  VAR_POP(CASE WHEN ("touchpoint" = 'purchase') THEN "score" END) * COUNT(CASE WHEN ("touchpoint" = 'purchase') THEN "score" END) AS cx_c16,
  COUNT(CASE WHEN ("touchpoint" = 'stock') THEN 1 END) AS cx_c17,
  COUNT(CASE WHEN ("touchpoint" = 'stock') THEN "score" END) AS cx_c18,
  SUM(CASE WHEN ("touchpoint" = 'stock') THEN "score" END) AS cx_c19,
  VAR_POP(CASE WHEN ("touchpoint" = 'stock') THEN "score" END) * COUNT(CASE WHEN ("touchpoint" = 'stock') THEN "score" END) AS cx_c20
FROM cx_rows;
