-- cx sql --dialect snowflake (as of 2026-06-30, zone UTC)
-- source surveys (snowflake)
-- surveys: file data, shown as a table named 'surveys' as if loaded into snowflake
ALTER SESSION SET TIMEZONE = 'UTC';

-- 5 measures (by channel), scale and division checks
WITH
  cx_raw AS (
    SELECT
      "channel" AS "cx_c0_v",
      "answered_at" AS "cx_c1_v",
      "effort" AS "cx_c2_v",
      "amount" AS "cx_c3_v",
      "recommend" AS "cx_c4_v",
      "satisfied" AS "cx_c5_v"
    FROM "surveys"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS VARCHAR) AS "channel",
      CAST("cx_c1_v" AS DATE) AS "answered_at",
      CAST("cx_c2_v" AS FLOAT) AS "effort",
      CAST("cx_c3_v" AS FLOAT) AS "amount",
      CAST("cx_c4_v" AS FLOAT) AS "recommend",
      CAST("cx_c5_v" AS FLOAT) AS "satisfied"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, "answered_at" AS cx_day
    FROM cx_src
  )
SELECT
  GROUPING("channel") AS cx_c0,
  "channel" AS cx_c1,
  COUNT(CASE WHEN cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30' THEN 1 END) AS cx_c2,
  COUNT(CASE WHEN cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30' THEN "effort" END) AS cx_c3,
  MIN(CASE WHEN cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30' THEN "effort" END) AS cx_c4,
  COUNT(*) AS cx_c5,
  COUNT(CASE WHEN ("channel" IS NULL) THEN 1 END) AS cx_c6,
  COUNT(CASE WHEN ("channel" IS NULL) THEN "recommend" END) AS cx_c7,
  SUM(CASE WHEN ("channel" IS NULL) THEN "recommend" END) AS cx_c8,
  VAR_POP(CASE WHEN ("channel" IS NULL) THEN "recommend" END) * COUNT(CASE WHEN ("channel" IS NULL) THEN "recommend" END) AS cx_c9,
  COUNT(CASE WHEN "satisfied" IS NOT NULL AND ("satisfied" < 1 OR "satisfied" > 5 OR "satisfied" <> floor("satisfied")) THEN 1 END) AS cx_c10,
  COUNT(CASE WHEN "effort" IS NOT NULL AND ("effort" < 1 OR "effort" > 7 OR "effort" <> floor("effort")) THEN 1 END) AS cx_c11
FROM cx_rows
GROUP BY GROUPING SETS ((), ("channel"));

-- 8 measures (overall)
WITH
  cx_raw AS (
    SELECT
      "channel" AS "cx_c0_v",
      "answered_at" AS "cx_c1_v",
      "effort" AS "cx_c2_v",
      "amount" AS "cx_c3_v",
      "recommend" AS "cx_c4_v",
      "satisfied" AS "cx_c5_v"
    FROM "surveys"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS VARCHAR) AS "channel",
      CAST("cx_c1_v" AS DATE) AS "answered_at",
      CAST("cx_c2_v" AS FLOAT) AS "effort",
      CAST("cx_c3_v" AS FLOAT) AS "amount",
      CAST("cx_c4_v" AS FLOAT) AS "recommend",
      CAST("cx_c5_v" AS FLOAT) AS "satisfied"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, "answered_at" AS cx_day
    FROM cx_src
  )
SELECT
  COUNT(*) AS cx_c0,
  COUNT("amount") AS cx_c1,
  SUM("amount") AS cx_c2,
  VAR_POP("amount") * COUNT("amount") AS cx_c3,
  COUNT(CASE WHEN cx_day > DATE '2026-05-31' AND cx_day <= DATE '2026-06-30' THEN 1 END) AS cx_c4,
  COUNT(CASE WHEN cx_day > DATE '2026-05-31' AND cx_day <= DATE '2026-06-30' THEN "recommend" END) AS cx_c5,
  MAX(CASE WHEN cx_day > DATE '2026-05-31' AND cx_day <= DATE '2026-06-30' THEN "recommend" END) AS cx_c6,
  COUNT(CASE WHEN cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30' THEN 1 END) AS cx_c7,
  COUNT(CASE WHEN cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30' THEN "effort" END) AS cx_c8,
  MIN(CASE WHEN cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30' THEN "effort" END) AS cx_c9,
  COUNT(CASE WHEN "satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5 THEN 1 END) AS cx_c10,
  COUNT(CASE WHEN ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5) AND ("satisfied" >= 4) THEN 1 END) AS cx_c11,
  COUNT(CASE WHEN "effort" = floor("effort") AND "effort" >= 1 AND "effort" <= 7 THEN 1 END) AS cx_c12,
  SUM(CASE WHEN "effort" = floor("effort") AND "effort" >= 1 AND "effort" <= 7 THEN "effort" END) AS cx_c13,
  SUM(CASE WHEN "effort" = floor("effort") AND "effort" >= 1 AND "effort" <= 7 THEN "effort" * "effort" END) AS cx_c14
FROM cx_rows;

-- 2 measures (trend month)
WITH
  cx_raw AS (
    SELECT
      "channel" AS "cx_c0_v",
      "answered_at" AS "cx_c1_v",
      "effort" AS "cx_c2_v",
      "amount" AS "cx_c3_v",
      "recommend" AS "cx_c4_v",
      "satisfied" AS "cx_c5_v"
    FROM "surveys"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS VARCHAR) AS "channel",
      CAST("cx_c1_v" AS DATE) AS "answered_at",
      CAST("cx_c2_v" AS FLOAT) AS "effort",
      CAST("cx_c3_v" AS FLOAT) AS "amount",
      CAST("cx_c4_v" AS FLOAT) AS "recommend",
      CAST("cx_c5_v" AS FLOAT) AS "satisfied"
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
  COUNT("channel") AS cx_c3,
  COUNT(DISTINCT "channel") AS cx_c4
FROM cx_keyed
GROUP BY GROUPING SETS ((), (cx_period));

-- source orders (snowflake)
-- orders: file data, shown as a table named 'orders' as if loaded into snowflake
ALTER SESSION SET TIMEZONE = 'UTC';

-- 6 measures (overall)
WITH
  cx_raw AS (
    SELECT
      "placed_at" AS "cx_c0_v",
      "amount" AS "cx_c1_v",
      "channel" AS "cx_c2_v",
      "customer" AS "cx_c3_v"
    FROM "orders"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS DATE) AS "placed_at",
      CAST("cx_c1_v" AS FLOAT) AS "amount",
      CAST("cx_c2_v" AS VARCHAR) AS "channel",
      CAST("cx_c3_v" AS VARCHAR) AS "customer"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, "placed_at" AS cx_day
    FROM cx_src
  )
SELECT
  COUNT(CASE WHEN cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30' THEN 1 END) AS cx_c0,
  COUNT(CASE WHEN cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30' THEN "amount" END) AS cx_c1,
  SUM(CASE WHEN cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30' THEN "amount" END) AS cx_c2,
  VAR_POP(CASE WHEN cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30' THEN "amount" END) * COUNT(CASE WHEN cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30' THEN "amount" END) AS cx_c3,
  COUNT(CASE WHEN (cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30') AND (("channel" = 'phone')) THEN 1 END) AS cx_c4,
  COUNT(*) AS cx_c5,
  COUNT(CASE WHEN ("channel" = 'web') THEN 1 END) AS cx_c6,
  COUNT(CASE WHEN ("channel" = 'web') THEN "customer" END) AS cx_c7,
  COUNT(DISTINCT CASE WHEN ("channel" = 'web') THEN "customer" END) AS cx_c8
FROM cx_rows;

-- 2 measures (by channel, trend month)
WITH
  cx_raw AS (
    SELECT
      "placed_at" AS "cx_c0_v",
      "amount" AS "cx_c1_v",
      "channel" AS "cx_c2_v",
      "customer" AS "cx_c3_v"
    FROM "orders"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS DATE) AS "placed_at",
      CAST("cx_c1_v" AS FLOAT) AS "amount",
      CAST("cx_c2_v" AS VARCHAR) AS "channel",
      CAST("cx_c3_v" AS VARCHAR) AS "customer"
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
  GROUPING("channel") AS cx_c0,
  GROUPING(cx_period) AS cx_c1,
  "channel" AS cx_c2,
  cx_period AS cx_c3,
  COUNT(CASE WHEN cx_day > DATE '2026-05-31' AND cx_day <= DATE '2026-06-30' THEN 1 END) AS cx_c4,
  COUNT(CASE WHEN (cx_day > DATE '2026-05-31' AND cx_day <= DATE '2026-06-30') AND (("channel" = 'app')) THEN 1 END) AS cx_c5
FROM cx_keyed
WHERE cx_day > DATE '2026-05-31' AND cx_day <= DATE '2026-06-30'
GROUP BY GROUPING SETS ((), ("channel"), (cx_period));

-- 1 measure (by channel)
WITH
  cx_raw AS (
    SELECT
      "placed_at" AS "cx_c0_v",
      "amount" AS "cx_c1_v",
      "channel" AS "cx_c2_v",
      "customer" AS "cx_c3_v"
    FROM "orders"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS DATE) AS "placed_at",
      CAST("cx_c1_v" AS FLOAT) AS "amount",
      CAST("cx_c2_v" AS VARCHAR) AS "channel",
      CAST("cx_c3_v" AS VARCHAR) AS "customer"
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

-- 3 measures (trend month)
WITH
  cx_raw AS (
    SELECT
      "placed_at" AS "cx_c0_v",
      "amount" AS "cx_c1_v",
      "channel" AS "cx_c2_v",
      "customer" AS "cx_c3_v"
    FROM "orders"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS DATE) AS "placed_at",
      CAST("cx_c1_v" AS FLOAT) AS "amount",
      CAST("cx_c2_v" AS VARCHAR) AS "channel",
      CAST("cx_c3_v" AS VARCHAR) AS "customer"
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
  COUNT(CASE WHEN cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30' THEN 1 END) AS cx_c2,
  COUNT(CASE WHEN (cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND (("amount" > 366)) THEN 1 END) AS cx_c3,
  COUNT(CASE WHEN (cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND (("amount" > 366)) THEN "customer" END) AS cx_c4,
  COUNT(DISTINCT CASE WHEN (cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND (("amount" > 366)) THEN "customer" END) AS cx_c5
FROM cx_keyed
WHERE cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30'
GROUP BY GROUPING SETS ((), (cx_period));
