-- cx sql --dialect snowflake (as of 2026-06-30, zone UTC)
-- source responses (snowflake)
-- responses: file data, shown as a table named 'responses' as if loaded into snowflake
ALTER SESSION SET TIMEZONE = 'UTC';

-- 6 measures (overall), scale and division checks
WITH
  cx_raw AS (
    SELECT
      "touchpoint" AS "cx_c0_v",
      "recommend" AS "cx_c1_v",
      "satisfied" AS "cx_c2_v",
      "effort" AS "cx_c3_v",
      "answered_at" AS "cx_c4_v"
    FROM "responses"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS VARCHAR) AS "touchpoint",
      CAST("cx_c1_v" AS FLOAT) AS "recommend",
      CAST("cx_c2_v" AS FLOAT) AS "satisfied",
      CAST("cx_c3_v" AS FLOAT) AS "effort",
      CAST("cx_c4_v" AS DATE) AS "answered_at"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, "answered_at" AS cx_day
    FROM cx_src
  )
SELECT
  COUNT(*) AS cx_c0,
  COUNT(CASE WHEN ("touchpoint" = 'checkout') THEN 1 END) AS cx_c1,
  COUNT(CASE WHEN (("touchpoint" = 'checkout')) AND ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10) THEN 1 END) AS cx_c2,
  COUNT(CASE WHEN ((("touchpoint" = 'checkout')) AND ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10)) AND ("recommend" >= 9) THEN 1 END) AS cx_c3,
  COUNT(CASE WHEN ((("touchpoint" = 'checkout')) AND ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10)) AND ("recommend" <= 6) THEN 1 END) AS cx_c4,
  COUNT(CASE WHEN (("touchpoint" = 'checkout')) AND ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5) THEN 1 END) AS cx_c5,
  COUNT(CASE WHEN ((("touchpoint" = 'checkout')) AND ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5)) AND ("satisfied" >= 4) THEN 1 END) AS cx_c6,
  COUNT(CASE WHEN (("touchpoint" = 'checkout')) AND ("effort" = floor("effort") AND "effort" >= 1 AND "effort" <= 7) THEN 1 END) AS cx_c7,
  SUM(CASE WHEN (("touchpoint" = 'checkout')) AND ("effort" = floor("effort") AND "effort" >= 1 AND "effort" <= 7) THEN "effort" END) AS cx_c8,
  SUM(CASE WHEN (("touchpoint" = 'checkout')) AND ("effort" = floor("effort") AND "effort" >= 1 AND "effort" <= 7) THEN "effort" * "effort" END) AS cx_c9,
  COUNT(CASE WHEN cx_day > DATE '2026-05-31' AND cx_day <= DATE '2026-06-30' THEN 1 END) AS cx_c10,
  COUNT(CASE WHEN "recommend" IS NOT NULL AND ("recommend" < 0 OR "recommend" > 10 OR "recommend" <> floor("recommend")) THEN 1 END) AS cx_c11,
  COUNT(CASE WHEN "satisfied" IS NOT NULL AND ("satisfied" < 1 OR "satisfied" > 5 OR "satisfied" <> floor("satisfied")) THEN 1 END) AS cx_c12,
  COUNT(CASE WHEN "effort" IS NOT NULL AND ("effort" < 1 OR "effort" > 7 OR "effort" <> floor("effort")) THEN 1 END) AS cx_c13
FROM cx_rows;

-- 2 measures (by touchpoint, trend month)
WITH
  cx_raw AS (
    SELECT
      "touchpoint" AS "cx_c0_v",
      "recommend" AS "cx_c1_v",
      "satisfied" AS "cx_c2_v",
      "effort" AS "cx_c3_v",
      "answered_at" AS "cx_c4_v"
    FROM "responses"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS VARCHAR) AS "touchpoint",
      CAST("cx_c1_v" AS FLOAT) AS "recommend",
      CAST("cx_c2_v" AS FLOAT) AS "satisfied",
      CAST("cx_c3_v" AS FLOAT) AS "effort",
      CAST("cx_c4_v" AS DATE) AS "answered_at"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, "answered_at" AS cx_day
    FROM cx_src
  ),
  cx_keyed AS (
    SELECT *, (YEAR(cx_day) * 12 + MONTH(cx_day) - 1) AS cx_period
    FROM cx_rows
  )
SELECT
  GROUPING("touchpoint") AS cx_c0,
  GROUPING(cx_period) AS cx_c1,
  "touchpoint" AS cx_c2,
  cx_period AS cx_c3,
  COUNT(*) AS cx_c4,
  COUNT(CASE WHEN "recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10 THEN 1 END) AS cx_c5,
  COUNT(CASE WHEN ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10) AND ("recommend" >= 9) THEN 1 END) AS cx_c6,
  COUNT(CASE WHEN ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10) AND ("recommend" <= 6) THEN 1 END) AS cx_c7
FROM cx_keyed
GROUP BY GROUPING SETS ((), ("touchpoint"), (cx_period));
