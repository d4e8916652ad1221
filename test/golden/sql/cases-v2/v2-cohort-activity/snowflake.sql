-- cx sql --dialect snowflake (as of 2026-06-30, zone UTC)
-- source orders (snowflake)
-- orders: file data, shown as a table named 'orders' as if loaded into snowflake
ALTER SESSION SET TIMEZONE = 'UTC';

-- cohort repeat_buyers: customers, observed and retained per cohort and age 0..4
WITH
  cx_raw AS (
    SELECT
      "placed_at" AS "cx_c0_v",
      "customer" AS "cx_c1_v"
    FROM "orders"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS TIMESTAMP_TZ) AS "placed_at",
      CAST("cx_c1_v" AS VARCHAR) AS "customer"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, CAST(CONVERT_TIMEZONE('UTC', "placed_at") AS DATE) AS cx_day
    FROM cx_src
  ),
  cx_act AS (
    SELECT "customer" AS cx_id, cx_day AS cx_aday
    FROM cx_rows
    WHERE "customer" IS NOT NULL AND cx_day IS NOT NULL
  ),
  cx_first AS (
    SELECT cx_id, MIN(cx_aday) AS cx_s
    FROM cx_act
    GROUP BY cx_id
  ),
  cx_kept AS (
    SELECT *, (YEAR(cx_s) * 12 + MONTH(cx_s) - 1) AS cx_code, (YEAR(cx_s) * 12 + MONTH(cx_s) - 1) AS cx_base
    FROM cx_first
    WHERE TRUE
  ),
  cx_seen AS (
    SELECT DISTINCT a.cx_id, (YEAR(a.cx_aday) * 12 + MONTH(a.cx_aday) - 1) - k.cx_base AS cx_k
    FROM cx_act a
    JOIN cx_kept k ON a.cx_id = k.cx_id
  )
SELECT
  k.cx_code AS cx_c0,
  cx_age AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(CASE WHEN k.cx_base + cx_age < (YEAR(DATE '2026-07-01') * 12 + MONTH(DATE '2026-07-01') - 1) THEN 1 END) AS cx_c3,
  COUNT(CASE WHEN k.cx_base + cx_age < (YEAR(DATE '2026-07-01') * 12 + MONTH(DATE '2026-07-01') - 1) AND s.cx_id IS NOT NULL THEN 1 END) AS cx_c4
FROM cx_kept k
CROSS JOIN (SELECT 0 AS cx_age UNION ALL SELECT 1 AS cx_age UNION ALL SELECT 2 AS cx_age UNION ALL SELECT 3 AS cx_age UNION ALL SELECT 4 AS cx_age) AS cx_ages
LEFT JOIN cx_seen s ON s.cx_id = k.cx_id AND s.cx_k = cx_age
GROUP BY k.cx_code, cx_age;

-- cohort weekly_repeat: customers, observed and retained per cohort and age 0..6
WITH
  cx_raw AS (
    SELECT
      "placed_at" AS "cx_c0_v",
      "customer" AS "cx_c1_v"
    FROM "orders"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS TIMESTAMP_TZ) AS "placed_at",
      CAST("cx_c1_v" AS VARCHAR) AS "customer"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, CAST(CONVERT_TIMEZONE('UTC', "placed_at") AS DATE) AS cx_day
    FROM cx_src
  ),
  cx_act AS (
    SELECT "customer" AS cx_id, cx_day AS cx_aday
    FROM cx_rows
    WHERE "customer" IS NOT NULL AND cx_day IS NOT NULL
  ),
  cx_first AS (
    SELECT cx_id, MIN(cx_aday) AS cx_s
    FROM cx_act
    GROUP BY cx_id
  ),
  cx_kept AS (
    SELECT *, (YEAROFWEEKISO(cx_s) * 100 + WEEKISO(cx_s)) AS cx_code, floor((CAST(DATEDIFF(day, DATE '1970-01-01', cx_s) AS FLOAT) - 4) / 7) AS cx_base
    FROM cx_first
    WHERE TRUE
  ),
  cx_seen AS (
    SELECT DISTINCT a.cx_id, floor((CAST(DATEDIFF(day, DATE '1970-01-01', a.cx_aday) AS FLOAT) - 4) / 7) - k.cx_base AS cx_k
    FROM cx_act a
    JOIN cx_kept k ON a.cx_id = k.cx_id
  )
SELECT
  k.cx_code AS cx_c0,
  cx_age AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(CASE WHEN k.cx_base + cx_age < floor((CAST(DATEDIFF(day, DATE '1970-01-01', DATE '2026-07-01') AS FLOAT) - 4) / 7) THEN 1 END) AS cx_c3,
  COUNT(CASE WHEN k.cx_base + cx_age < floor((CAST(DATEDIFF(day, DATE '1970-01-01', DATE '2026-07-01') AS FLOAT) - 4) / 7) AND s.cx_id IS NOT NULL THEN 1 END) AS cx_c4
FROM cx_kept k
CROSS JOIN (SELECT 0 AS cx_age UNION ALL SELECT 1 AS cx_age UNION ALL SELECT 2 AS cx_age UNION ALL SELECT 3 AS cx_age UNION ALL SELECT 4 AS cx_age UNION ALL SELECT 5 AS cx_age UNION ALL SELECT 6 AS cx_age) AS cx_ages
LEFT JOIN cx_seen s ON s.cx_id = k.cx_id AND s.cx_k = cx_age
GROUP BY k.cx_code, cx_age;

-- cohort quarterly_repeat: customers, observed and retained per cohort and age 0..2
WITH
  cx_raw AS (
    SELECT
      "placed_at" AS "cx_c0_v",
      "customer" AS "cx_c1_v"
    FROM "orders"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS TIMESTAMP_TZ) AS "placed_at",
      CAST("cx_c1_v" AS VARCHAR) AS "customer"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, CAST(CONVERT_TIMEZONE('UTC', "placed_at") AS DATE) AS cx_day
    FROM cx_src
  ),
  cx_act AS (
    SELECT "customer" AS cx_id, cx_day AS cx_aday
    FROM cx_rows
    WHERE "customer" IS NOT NULL AND cx_day IS NOT NULL
  ),
  cx_first AS (
    SELECT cx_id, MIN(cx_aday) AS cx_s
    FROM cx_act
    GROUP BY cx_id
  ),
  cx_kept AS (
    SELECT *, (YEAR(cx_s) * 4 + QUARTER(cx_s) - 1) AS cx_code, (YEAR(cx_s) * 4 + QUARTER(cx_s) - 1) AS cx_base
    FROM cx_first
    WHERE TRUE
  ),
  cx_seen AS (
    SELECT DISTINCT a.cx_id, (YEAR(a.cx_aday) * 4 + QUARTER(a.cx_aday) - 1) - k.cx_base AS cx_k
    FROM cx_act a
    JOIN cx_kept k ON a.cx_id = k.cx_id
  )
SELECT
  k.cx_code AS cx_c0,
  cx_age AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(CASE WHEN k.cx_base + cx_age < (YEAR(DATE '2026-07-01') * 4 + QUARTER(DATE '2026-07-01') - 1) THEN 1 END) AS cx_c3,
  COUNT(CASE WHEN k.cx_base + cx_age < (YEAR(DATE '2026-07-01') * 4 + QUARTER(DATE '2026-07-01') - 1) AND s.cx_id IS NOT NULL THEN 1 END) AS cx_c4
FROM cx_kept k
CROSS JOIN (SELECT 0 AS cx_age UNION ALL SELECT 1 AS cx_age UNION ALL SELECT 2 AS cx_age) AS cx_ages
LEFT JOIN cx_seen s ON s.cx_id = k.cx_id AND s.cx_k = cx_age
GROUP BY k.cx_code, cx_age;

-- source pilot_orders (snowflake)
-- pilot_orders: file data, shown as a table named 'pilot_orders' as if loaded into snowflake
ALTER SESSION SET TIMEZONE = 'UTC';

-- cohort pilot_repeat: customers, observed and retained per cohort and age 0..3
WITH
  cx_raw AS (
    SELECT
      "ordered_on" AS "cx_c0_v",
      "customer" AS "cx_c1_v"
    FROM "pilot_orders"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS DATE) AS "ordered_on",
      CAST("cx_c1_v" AS VARCHAR) AS "customer"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, "ordered_on" AS cx_day
    FROM cx_src
  ),
  cx_act AS (
    SELECT "customer" AS cx_id, cx_day AS cx_aday
    FROM cx_rows
    WHERE "customer" IS NOT NULL AND cx_day IS NOT NULL
  ),
  cx_first AS (
    SELECT cx_id, MIN(cx_aday) AS cx_s
    FROM cx_act
    GROUP BY cx_id
  ),
  cx_kept AS (
    SELECT *, (YEAR(cx_s) * 12 + MONTH(cx_s) - 1) AS cx_code, (YEAR(cx_s) * 12 + MONTH(cx_s) - 1) AS cx_base
    FROM cx_first
    WHERE TRUE
  ),
  cx_seen AS (
    SELECT DISTINCT a.cx_id, (YEAR(a.cx_aday) * 12 + MONTH(a.cx_aday) - 1) - k.cx_base AS cx_k
    FROM cx_act a
    JOIN cx_kept k ON a.cx_id = k.cx_id
  )
SELECT
  k.cx_code AS cx_c0,
  cx_age AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(CASE WHEN k.cx_base + cx_age < (YEAR(DATE '2026-07-01') * 12 + MONTH(DATE '2026-07-01') - 1) THEN 1 END) AS cx_c3,
  COUNT(CASE WHEN k.cx_base + cx_age < (YEAR(DATE '2026-07-01') * 12 + MONTH(DATE '2026-07-01') - 1) AND s.cx_id IS NOT NULL THEN 1 END) AS cx_c4
FROM cx_kept k
CROSS JOIN (SELECT 0 AS cx_age UNION ALL SELECT 1 AS cx_age UNION ALL SELECT 2 AS cx_age UNION ALL SELECT 3 AS cx_age) AS cx_ages
LEFT JOIN cx_seen s ON s.cx_id = k.cx_id AND s.cx_k = cx_age
GROUP BY k.cx_code, cx_age;
