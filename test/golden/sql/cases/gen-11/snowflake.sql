-- cx sql --dialect snowflake (as of 2026-06-30, zone UTC)
-- source surveys (snowflake)
-- surveys: file data, shown as a table named 'surveys' as if loaded into snowflake
ALTER SESSION SET TIMEZONE = 'UTC';

-- 16 measures (overall), scale and division checks
WITH
  cx_raw AS (
    SELECT
      "effort" AS "cx_c0_v",
      "channel" AS "cx_c1_v",
      "answered_at" AS "cx_c2_v",
      "recommend" AS "cx_c3_v",
      "touchpoint" AS "cx_c4_v",
      "satisfied" AS "cx_c5_v"
    FROM "surveys"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS FLOAT) AS "effort",
      CAST("cx_c1_v" AS VARCHAR) AS "channel",
      CAST("cx_c2_v" AS DATE) AS "answered_at",
      CAST("cx_c3_v" AS FLOAT) AS "recommend",
      CAST("cx_c4_v" AS VARCHAR) AS "touchpoint",
      CAST("cx_c5_v" AS FLOAT) AS "satisfied"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, "answered_at" AS cx_day
    FROM cx_src
  )
SELECT
  COUNT(*) AS cx_c0,
  COUNT(CASE WHEN ("effort" <= 4) THEN 1 END) AS cx_c1,
  COUNT("channel") AS cx_c2,
  COUNT(DISTINCT "channel") AS cx_c3,
  COUNT(CASE WHEN ("answered_at" < DATE '2026-03-01') THEN 1 END) AS cx_c4,
  COUNT(CASE WHEN (("answered_at" < DATE '2026-03-01')) AND ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10) THEN 1 END) AS cx_c5,
  COUNT(CASE WHEN ((("answered_at" < DATE '2026-03-01')) AND ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10)) AND ("recommend" >= 9) THEN 1 END) AS cx_c6,
  COUNT(CASE WHEN ((("answered_at" < DATE '2026-03-01')) AND ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10)) AND ("recommend" <= 6) THEN 1 END) AS cx_c7,
  COUNT(CASE WHEN cx_day > DATE '2026-05-31' AND cx_day <= DATE '2026-06-30' THEN 1 END) AS cx_c8,
  COUNT(CASE WHEN cx_day > DATE '2026-05-31' AND cx_day <= DATE '2026-06-30' THEN "effort" END) AS cx_c9,
  PERCENTILE_CONT(CAST(0.5 AS FLOAT)) WITHIN GROUP (ORDER BY CASE WHEN cx_day > DATE '2026-05-31' AND cx_day <= DATE '2026-06-30' THEN "effort" END) AS cx_c10,
  COUNT(CASE WHEN (cx_day > DATE '2026-05-31' AND cx_day <= DATE '2026-06-30') AND (("channel" IN ('store', 'app'))) THEN 1 END) AS cx_c11,
  COUNT(CASE WHEN (cx_day > DATE '2026-05-31' AND cx_day <= DATE '2026-06-30') AND (("channel" IN ('store', 'app'))) THEN "effort" END) AS cx_c12,
  MIN(CASE WHEN (cx_day > DATE '2026-05-31' AND cx_day <= DATE '2026-06-30') AND (("channel" IN ('store', 'app'))) THEN "effort" END) AS cx_c13,
  COUNT(CASE WHEN cx_day > DATE '2026-03-02' AND cx_day <= DATE '2026-06-30' THEN 1 END) AS cx_c14,
  COUNT(CASE WHEN (cx_day > DATE '2026-03-02' AND cx_day <= DATE '2026-06-30') AND (("effort" <= 6)) THEN 1 END) AS cx_c15,
  COUNT(CASE WHEN ((cx_day > DATE '2026-03-02' AND cx_day <= DATE '2026-06-30') AND (("effort" <= 6))) AND ("effort" = floor("effort") AND "effort" >= 1 AND "effort" <= 7) THEN 1 END) AS cx_c16,
  SUM(CASE WHEN ((cx_day > DATE '2026-03-02' AND cx_day <= DATE '2026-06-30') AND (("effort" <= 6))) AND ("effort" = floor("effort") AND "effort" >= 1 AND "effort" <= 7) THEN "effort" END) AS cx_c17,
  SUM(CASE WHEN ((cx_day > DATE '2026-03-02' AND cx_day <= DATE '2026-06-30') AND (("effort" <= 6))) AND ("effort" = floor("effort") AND "effort" >= 1 AND "effort" <= 7) THEN "effort" * "effort" END) AS cx_c18,
  COUNT(CASE WHEN (("channel" IS NOT NULL) AND ("touchpoint" = 'web')) THEN 1 END) AS cx_c19,
  COUNT(CASE WHEN ((("channel" IS NOT NULL) AND ("touchpoint" = 'web'))) AND ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5) THEN 1 END) AS cx_c20,
  COUNT(CASE WHEN (((("channel" IS NOT NULL) AND ("touchpoint" = 'web'))) AND ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5)) AND ("satisfied" >= 4) THEN 1 END) AS cx_c21,
  COUNT(CASE WHEN cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30' THEN 1 END) AS cx_c22,
  COUNT(CASE WHEN (cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30') AND ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5) THEN 1 END) AS cx_c23,
  COUNT(CASE WHEN ((cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30') AND ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5)) AND ("satisfied" >= 4) THEN 1 END) AS cx_c24,
  COUNT(CASE WHEN "recommend" IS NOT NULL AND ("recommend" < 0 OR "recommend" > 10 OR "recommend" <> floor("recommend")) THEN 1 END) AS cx_c25,
  COUNT(CASE WHEN "effort" IS NOT NULL AND ("effort" < 1 OR "effort" > 7 OR "effort" <> floor("effort")) THEN 1 END) AS cx_c26,
  COUNT(CASE WHEN "satisfied" IS NOT NULL AND ("satisfied" < 1 OR "satisfied" > 5 OR "satisfied" <> floor("satisfied")) THEN 1 END) AS cx_c27
FROM cx_rows;

-- 3 measures (by channel)
WITH
  cx_raw AS (
    SELECT
      "effort" AS "cx_c0_v",
      "channel" AS "cx_c1_v",
      "answered_at" AS "cx_c2_v",
      "recommend" AS "cx_c3_v",
      "touchpoint" AS "cx_c4_v",
      "satisfied" AS "cx_c5_v"
    FROM "surveys"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS FLOAT) AS "effort",
      CAST("cx_c1_v" AS VARCHAR) AS "channel",
      CAST("cx_c2_v" AS DATE) AS "answered_at",
      CAST("cx_c3_v" AS FLOAT) AS "recommend",
      CAST("cx_c4_v" AS VARCHAR) AS "touchpoint",
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
  COUNT(*) AS cx_c2,
  COUNT(CASE WHEN ("answered_at" < DATE '2026-03-01') THEN 1 END) AS cx_c3,
  COUNT(CASE WHEN (("answered_at" < DATE '2026-03-01')) AND ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10) THEN 1 END) AS cx_c4,
  COUNT(CASE WHEN ((("answered_at" < DATE '2026-03-01')) AND ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10)) AND ("recommend" >= 9) THEN 1 END) AS cx_c5,
  COUNT(CASE WHEN ((("answered_at" < DATE '2026-03-01')) AND ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10)) AND ("recommend" <= 6) THEN 1 END) AS cx_c6
FROM cx_rows
GROUP BY GROUPING SETS ((), ("channel"));

-- 5 measures (by channel, trend month)
WITH
  cx_raw AS (
    SELECT
      "effort" AS "cx_c0_v",
      "channel" AS "cx_c1_v",
      "answered_at" AS "cx_c2_v",
      "recommend" AS "cx_c3_v",
      "touchpoint" AS "cx_c4_v",
      "satisfied" AS "cx_c5_v"
    FROM "surveys"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS FLOAT) AS "effort",
      CAST("cx_c1_v" AS VARCHAR) AS "channel",
      CAST("cx_c2_v" AS DATE) AS "answered_at",
      CAST("cx_c3_v" AS FLOAT) AS "recommend",
      CAST("cx_c4_v" AS VARCHAR) AS "touchpoint",
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
  GROUPING("channel") AS cx_c0,
  GROUPING(cx_period) AS cx_c1,
  "channel" AS cx_c2,
  cx_period AS cx_c3,
  COUNT(*) AS cx_c4,
  COUNT(CASE WHEN cx_day > DATE '2026-05-31' AND cx_day <= DATE '2026-06-30' THEN 1 END) AS cx_c5,
  COUNT(CASE WHEN cx_day > DATE '2026-05-31' AND cx_day <= DATE '2026-06-30' THEN "effort" END) AS cx_c6,
  PERCENTILE_CONT(CAST(0.5 AS FLOAT)) WITHIN GROUP (ORDER BY CASE WHEN cx_day > DATE '2026-05-31' AND cx_day <= DATE '2026-06-30' THEN "effort" END) AS cx_c7,
  COUNT(CASE WHEN (cx_day > DATE '2026-05-31' AND cx_day <= DATE '2026-06-30') AND (("channel" IN ('store', 'app'))) THEN 1 END) AS cx_c8,
  COUNT(CASE WHEN (cx_day > DATE '2026-05-31' AND cx_day <= DATE '2026-06-30') AND (("channel" IN ('store', 'app'))) THEN "effort" END) AS cx_c9,
  MIN(CASE WHEN (cx_day > DATE '2026-05-31' AND cx_day <= DATE '2026-06-30') AND (("channel" IN ('store', 'app'))) THEN "effort" END) AS cx_c10
FROM cx_keyed
GROUP BY GROUPING SETS ((), ("channel"), (cx_period));

-- source orders (snowflake)
-- orders: file data, shown as a table named 'orders' as if loaded into snowflake
ALTER SESSION SET TIMEZONE = 'UTC';

-- 9 measures (overall)
WITH
  cx_raw AS (
    SELECT
      "placed_at" AS "cx_c0_v",
      "amount" AS "cx_c1_v",
      "channel" AS "cx_c2_v",
      "status" AS "cx_c3_v"
    FROM "orders"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS DATE) AS "placed_at",
      CAST("cx_c1_v" AS FLOAT) AS "amount",
      CAST("cx_c2_v" AS VARCHAR) AS "channel",
      CAST("cx_c3_v" AS VARCHAR) AS "status"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, "placed_at" AS cx_day
    FROM cx_src
  )
SELECT
  COUNT(CASE WHEN cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30' THEN 1 END) AS cx_c0,
  COUNT(CASE WHEN (cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30') AND (("amount" > 182)) THEN 1 END) AS cx_c1,
  COUNT(CASE WHEN (cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30') AND (("amount" > 182)) THEN "amount" END) AS cx_c2,
  SUM(CASE WHEN (cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30') AND (("amount" > 182)) THEN "amount" END) AS cx_c3,
  VAR_POP(CASE WHEN (cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30') AND (("amount" > 182)) THEN "amount" END) * COUNT(CASE WHEN (cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30') AND (("amount" > 182)) THEN "amount" END) AS cx_c4,
  COUNT(CASE WHEN cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30' THEN "amount" END) AS cx_c5,
  SUM(CASE WHEN cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30' THEN "amount" END) AS cx_c6,
  VAR_POP(CASE WHEN cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30' THEN "amount" END) * COUNT(CASE WHEN cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30' THEN "amount" END) AS cx_c7,
  COUNT(*) AS cx_c8,
  COUNT("amount") AS cx_c9,
  MAX("amount") AS cx_c10,
  COUNT("amount") AS cx_c11,
  SUM("amount") AS cx_c12,
  VAR_POP("amount") * COUNT("amount") AS cx_c13,
  COUNT(CASE WHEN ("amount" <= 560) THEN 1 END) AS cx_c14,
  COUNT(CASE WHEN ("status" IN ('refunded', 'cancelled')) THEN 1 END) AS cx_c15
FROM cx_rows;

-- 2 measures (by channel)
WITH
  cx_raw AS (
    SELECT
      "placed_at" AS "cx_c0_v",
      "amount" AS "cx_c1_v",
      "channel" AS "cx_c2_v",
      "status" AS "cx_c3_v"
    FROM "orders"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS DATE) AS "placed_at",
      CAST("cx_c1_v" AS FLOAT) AS "amount",
      CAST("cx_c2_v" AS VARCHAR) AS "channel",
      CAST("cx_c3_v" AS VARCHAR) AS "status"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, "placed_at" AS cx_day
    FROM cx_src
  )
SELECT
  GROUPING("channel") AS cx_c0,
  "channel" AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(CASE WHEN ("status" IN ('refunded', 'cancelled')) THEN 1 END) AS cx_c3
FROM cx_rows
GROUP BY GROUPING SETS ((), ("channel"));
