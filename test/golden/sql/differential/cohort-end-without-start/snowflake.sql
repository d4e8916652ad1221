-- cx sql --dialect snowflake (as of 2026-06-30, zone UTC)
-- source subscriptions (snowflake)
-- subscriptions: file data, shown as a table named 'subscriptions' as if loaded into snowflake
ALTER SESSION SET TIMEZONE = 'UTC';

-- cohort retention: customers, observed and retained per cohort and age 0..3
WITH
  cx_raw AS (
    SELECT
      "ended" AS "cx_c0_v",
      "started" AS "cx_c1_v",
      "customer" AS "cx_c2_v"
    FROM "subscriptions"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS DATE) AS "ended",
      CAST("cx_c1_v" AS DATE) AS "started",
      CAST("cx_c2_v" AS VARCHAR) AS "customer"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *
    FROM cx_src
  ),
  cx_cust AS (
    SELECT "customer" AS cx_id, MIN("started") AS cx_s,
      CASE WHEN COUNT(*) > COUNT("ended") THEN NULL ELSE MAX("ended") END AS cx_e
    FROM cx_rows
    WHERE "customer" IS NOT NULL
    GROUP BY "customer"
  ),
  cx_kept AS (
    SELECT *, (YEAR(cx_s) * 12 + MONTH(cx_s) - 1) AS cx_code
    FROM cx_cust
    WHERE cx_s IS NOT NULL
  )
SELECT
  cx_code AS cx_c0,
  cx_age AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(CASE WHEN DATEADD(month, CAST(cx_age AS INTEGER), cx_s) <= DATE '2026-06-30' THEN 1 END) AS cx_c3,
  COUNT(CASE WHEN DATEADD(month, CAST(cx_age AS INTEGER), cx_s) <= DATE '2026-06-30' AND (cx_e IS NULL OR cx_e > DATEADD(month, CAST(cx_age AS INTEGER), cx_s)) THEN 1 END) AS cx_c4
FROM cx_kept
CROSS JOIN (SELECT 0 AS cx_age UNION ALL SELECT 1 AS cx_age UNION ALL SELECT 2 AS cx_age UNION ALL SELECT 3 AS cx_age) AS cx_ages
GROUP BY cx_code, cx_age;
