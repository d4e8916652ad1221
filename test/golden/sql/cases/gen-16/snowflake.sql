-- cx sql --dialect snowflake (as of 2026-06-30, zone UTC)
-- source orders (snowflake)
-- orders: file data, shown as a table named 'orders' as if loaded into snowflake
ALTER SESSION SET TIMEZONE = 'UTC';

-- 6 measures (overall)
WITH
  cx_raw AS (
    SELECT
      "amount" AS "cx_c0_v",
      "placed_at" AS "cx_c1_v",
      "status" AS "cx_c2_v",
      "channel" AS "cx_c3_v"
    FROM "orders"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS FLOAT) AS "amount",
      CAST("cx_c1_v" AS DATE) AS "placed_at",
      CAST("cx_c2_v" AS VARCHAR) AS "status",
      CAST("cx_c3_v" AS VARCHAR) AS "channel"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, "placed_at" AS cx_day
    FROM cx_src
  )
SELECT
  COUNT(*) AS cx_c0,
  COUNT(CASE WHEN ("amount" > 620) THEN 1 END) AS cx_c1,
  COUNT(CASE WHEN cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30' THEN 1 END) AS cx_c2,
  COUNT(CASE WHEN cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30' THEN "amount" END) AS cx_c3,
  SUM(CASE WHEN cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30' THEN "amount" END) AS cx_c4,
  VAR_POP(CASE WHEN cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30' THEN "amount" END) * COUNT(CASE WHEN cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30' THEN "amount" END) AS cx_c5,
  COUNT(CASE WHEN (cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND ((NOT ("status" = 'cancelled'))) THEN 1 END) AS cx_c6,
  COUNT(CASE WHEN (cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND ((NOT ("status" = 'cancelled'))) THEN "amount" END) AS cx_c7,
  MAX(CASE WHEN (cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND ((NOT ("status" = 'cancelled'))) THEN "amount" END) AS cx_c8
FROM cx_rows;

-- 2 measures (trend month)
WITH
  cx_raw AS (
    SELECT
      "amount" AS "cx_c0_v",
      "placed_at" AS "cx_c1_v",
      "status" AS "cx_c2_v",
      "channel" AS "cx_c3_v"
    FROM "orders"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS FLOAT) AS "amount",
      CAST("cx_c1_v" AS DATE) AS "placed_at",
      CAST("cx_c2_v" AS VARCHAR) AS "status",
      CAST("cx_c3_v" AS VARCHAR) AS "channel"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, "placed_at" AS cx_day
    FROM cx_src
  ),
  cx_keyed AS (
    SELECT *, (YEAR(cx_day) * 12 + MONTH(cx_day) - 1) AS cx_period
    FROM cx_rows
  )
SELECT
  GROUPING(cx_period) AS cx_c0,
  cx_period AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(CASE WHEN ("status" = 'refunded') THEN 1 END) AS cx_c3
FROM cx_keyed
GROUP BY GROUPING SETS ((), (cx_period));

-- 1 measure (by channel)
WITH
  cx_raw AS (
    SELECT
      "amount" AS "cx_c0_v",
      "placed_at" AS "cx_c1_v",
      "status" AS "cx_c2_v",
      "channel" AS "cx_c3_v"
    FROM "orders"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS FLOAT) AS "amount",
      CAST("cx_c1_v" AS DATE) AS "placed_at",
      CAST("cx_c2_v" AS VARCHAR) AS "status",
      CAST("cx_c3_v" AS VARCHAR) AS "channel"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, "placed_at" AS cx_day
    FROM cx_src
  )
SELECT
  GROUPING("channel") AS cx_c0,
  "channel" AS cx_c1,
  COUNT(*) AS cx_c2
FROM cx_rows
GROUP BY GROUPING SETS ((), ("channel"));

-- source surveys (snowflake)
-- surveys: file data, shown as a table named 'surveys' as if loaded into snowflake
ALTER SESSION SET TIMEZONE = 'UTC';

-- 6 measures (overall), scale and division checks
WITH
  cx_raw AS (
    SELECT
      "answered_at" AS "cx_c0_v",
      "amount" AS "cx_c1_v",
      "channel" AS "cx_c2_v",
      "touchpoint" AS "cx_c3_v",
      "recommend" AS "cx_c4_v",
      "satisfied" AS "cx_c5_v",
      "effort" AS "cx_c6_v"
    FROM "surveys"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS DATE) AS "answered_at",
      CAST("cx_c1_v" AS FLOAT) AS "amount",
      CAST("cx_c2_v" AS VARCHAR) AS "channel",
      CAST("cx_c3_v" AS VARCHAR) AS "touchpoint",
      CAST("cx_c4_v" AS FLOAT) AS "recommend",
      CAST("cx_c5_v" AS FLOAT) AS "satisfied",
      CAST("cx_c6_v" AS FLOAT) AS "effort"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, "answered_at" AS cx_day
    FROM cx_src
  )
SELECT
  COUNT(CASE WHEN cx_day > DATE '2026-03-02' AND cx_day <= DATE '2026-06-30' THEN 1 END) AS cx_c0,
  COUNT(CASE WHEN (cx_day > DATE '2026-03-02' AND cx_day <= DATE '2026-06-30') AND (("amount" > 118)) THEN 1 END) AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(CASE WHEN ("channel" IS NOT NULL) THEN 1 END) AS cx_c3,
  COUNT("amount") AS cx_c4,
  MAX("amount") AS cx_c5,
  COUNT("amount") AS cx_c6,
  PERCENTILE_CONT(CAST(0.25 AS FLOAT)) WITHIN GROUP (ORDER BY "amount") AS cx_c7,
  COUNT(CASE WHEN "recommend" IS NOT NULL AND ("recommend" < 0 OR "recommend" > 10 OR "recommend" <> floor("recommend")) THEN 1 END) AS cx_c8,
  COUNT(CASE WHEN "satisfied" IS NOT NULL AND ("satisfied" < 1 OR "satisfied" > 5 OR "satisfied" <> floor("satisfied")) THEN 1 END) AS cx_c9
FROM cx_rows;

-- 4 measures (by channel)
WITH
  cx_raw AS (
    SELECT
      "answered_at" AS "cx_c0_v",
      "amount" AS "cx_c1_v",
      "channel" AS "cx_c2_v",
      "touchpoint" AS "cx_c3_v",
      "recommend" AS "cx_c4_v",
      "satisfied" AS "cx_c5_v",
      "effort" AS "cx_c6_v"
    FROM "surveys"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS DATE) AS "answered_at",
      CAST("cx_c1_v" AS FLOAT) AS "amount",
      CAST("cx_c2_v" AS VARCHAR) AS "channel",
      CAST("cx_c3_v" AS VARCHAR) AS "touchpoint",
      CAST("cx_c4_v" AS FLOAT) AS "recommend",
      CAST("cx_c5_v" AS FLOAT) AS "satisfied",
      CAST("cx_c6_v" AS FLOAT) AS "effort"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, "answered_at" AS cx_day
    FROM cx_src
  )
SELECT
  GROUPING("channel") AS cx_c0,
  "channel" AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(CASE WHEN (("touchpoint" = 'store') AND ("touchpoint" = 'checkout')) THEN 1 END) AS cx_c3,
  COUNT(CASE WHEN ((("touchpoint" = 'store') AND ("touchpoint" = 'checkout'))) AND ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10) THEN 1 END) AS cx_c4,
  COUNT(CASE WHEN (((("touchpoint" = 'store') AND ("touchpoint" = 'checkout'))) AND ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10)) AND ("recommend" >= 9) THEN 1 END) AS cx_c5,
  COUNT(CASE WHEN (((("touchpoint" = 'store') AND ("touchpoint" = 'checkout'))) AND ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10)) AND ("recommend" <= 6) THEN 1 END) AS cx_c6,
  COUNT("amount") AS cx_c7,
  PERCENTILE_CONT(CAST(0.25 AS FLOAT)) WITHIN GROUP (ORDER BY "amount") AS cx_c8
FROM cx_rows
GROUP BY GROUPING SETS ((), ("channel"));

-- 4 measures (trend month)
WITH
  cx_raw AS (
    SELECT
      "answered_at" AS "cx_c0_v",
      "amount" AS "cx_c1_v",
      "channel" AS "cx_c2_v",
      "touchpoint" AS "cx_c3_v",
      "recommend" AS "cx_c4_v",
      "satisfied" AS "cx_c5_v",
      "effort" AS "cx_c6_v"
    FROM "surveys"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS DATE) AS "answered_at",
      CAST("cx_c1_v" AS FLOAT) AS "amount",
      CAST("cx_c2_v" AS VARCHAR) AS "channel",
      CAST("cx_c3_v" AS VARCHAR) AS "touchpoint",
      CAST("cx_c4_v" AS FLOAT) AS "recommend",
      CAST("cx_c5_v" AS FLOAT) AS "satisfied",
      CAST("cx_c6_v" AS FLOAT) AS "effort"
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
  GROUPING(cx_period) AS cx_c0,
  cx_period AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(CASE WHEN "satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5 THEN 1 END) AS cx_c3,
  COUNT(CASE WHEN ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5) AND ("satisfied" >= 4) THEN 1 END) AS cx_c4,
  COUNT(CASE WHEN ("recommend" <= 9) THEN 1 END) AS cx_c5,
  COUNT(CASE WHEN ("recommend" <= 9) THEN "effort" END) AS cx_c6,
  SUM(CASE WHEN ("recommend" <= 9) THEN "effort" END) AS cx_c7,
  VAR_POP(CASE WHEN ("recommend" <= 9) THEN "effort" END) * COUNT(CASE WHEN ("recommend" <= 9) THEN "effort" END) AS cx_c8
FROM cx_keyed
GROUP BY GROUPING SETS ((), (cx_period));
