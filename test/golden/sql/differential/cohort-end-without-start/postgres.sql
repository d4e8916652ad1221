-- cx sql --dialect postgres (as of 2026-06-30, zone UTC)
-- source subscriptions (postgres)
-- subscriptions: file data, shown as a table named 'subscriptions' as if loaded into postgres
SET TIME ZONE 'UTC';
SET extra_float_digits = 1;

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
      CAST("cx_c0_v" AS date) AS "ended",
      CAST("cx_c1_v" AS date) AS "started",
      CAST("cx_c2_v" AS text) AS "customer"
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
    SELECT *, (CAST(EXTRACT(YEAR FROM cx_s) AS integer) * 12 + CAST(EXTRACT(MONTH FROM cx_s) AS integer) - 1) AS cx_code
    FROM cx_cust
    WHERE cx_s IS NOT NULL
  )
SELECT
  cx_code AS cx_c0,
  cx_age AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(*) FILTER (WHERE CAST(cx_s + CAST(cx_age AS integer) * INTERVAL '1 month' AS date) <= DATE '2026-06-30') AS cx_c3,
  COUNT(*) FILTER (WHERE CAST(cx_s + CAST(cx_age AS integer) * INTERVAL '1 month' AS date) <= DATE '2026-06-30' AND (cx_e IS NULL OR cx_e > CAST(cx_s + CAST(cx_age AS integer) * INTERVAL '1 month' AS date))) AS cx_c4
FROM cx_kept
CROSS JOIN (SELECT 0 AS cx_age UNION ALL SELECT 1 AS cx_age UNION ALL SELECT 2 AS cx_age UNION ALL SELECT 3 AS cx_age) AS cx_ages
GROUP BY cx_code, cx_age;
