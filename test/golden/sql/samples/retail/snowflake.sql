-- cx sql --dialect snowflake (as of 2026-06-30, zone UTC)
-- source customers (snowflake)
-- customers: file data, shown as a table named 'customers' as if loaded into snowflake
ALTER SESSION SET TIMEZONE = 'UTC';

-- 4 measures (overall)
WITH
  cx_raw AS (
    SELECT
      "churned_at" AS "cx_c0_v",
      "joined_at" AS "cx_c1_v",
      "segment" AS "cx_c2_v"
    FROM "customers"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS DATE) AS "churned_at",
      CAST("cx_c1_v" AS DATE) AS "joined_at",
      CAST("cx_c2_v" AS VARCHAR) AS "segment"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *
    FROM cx_src
  )
SELECT
  COUNT(*) AS cx_c0,
  COUNT(CASE WHEN (("joined_at" < DATE '2026-04-01') AND (("churned_at" IS NULL) OR ("churned_at" >= DATE '2026-04-01'))) THEN 1 END) AS cx_c1,
  COUNT(CASE WHEN (("joined_at" <= DATE '2026-06-30') AND (("churned_at" IS NULL) OR ("churned_at" > DATE '2026-06-30'))) THEN 1 END) AS cx_c2,
  COUNT(CASE WHEN (("joined_at" >= DATE '2026-04-01') AND ("joined_at" <= DATE '2026-06-30')) THEN 1 END) AS cx_c3
FROM cx_rows;

-- 5 measures (by segment)
WITH
  cx_raw AS (
    SELECT
      "churned_at" AS "cx_c0_v",
      "joined_at" AS "cx_c1_v",
      "segment" AS "cx_c2_v"
    FROM "customers"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS DATE) AS "churned_at",
      CAST("cx_c1_v" AS DATE) AS "joined_at",
      CAST("cx_c2_v" AS VARCHAR) AS "segment"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *
    FROM cx_src
  )
SELECT
  GROUPING("segment") AS cx_c0,
  "segment" AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(CASE WHEN (("joined_at" <= DATE '2026-06-30') AND (("churned_at" IS NULL) OR ("churned_at" > DATE '2026-06-30'))) THEN 1 END) AS cx_c3,
  COUNT(CASE WHEN (("joined_at" >= DATE '2026-04-01') AND ("joined_at" <= DATE '2026-06-30')) THEN 1 END) AS cx_c4,
  COUNT(CASE WHEN (("joined_at" < DATE '2026-04-01') AND (("churned_at" IS NULL) OR ("churned_at" >= DATE '2026-04-01'))) THEN 1 END) AS cx_c5,
  COUNT(CASE WHEN ((("joined_at" < DATE '2026-04-01') AND ("churned_at" >= DATE '2026-04-01')) AND ("churned_at" <= DATE '2026-06-30')) THEN 1 END) AS cx_c6
FROM cx_rows
GROUP BY GROUPING SETS ((), ("segment"));

-- source orders (snowflake)
-- orders: file data, shown as a table named 'orders' as if loaded into snowflake
ALTER SESSION SET TIMEZONE = 'UTC';

-- 6 measures (overall)
WITH
  cx_raw AS (
    SELECT
      "status" AS "cx_c0_v",
      "amount" AS "cx_c1_v",
      "customer" AS "cx_c2_v",
      "region" AS "cx_c3_v",
      "placed_at" AS "cx_c4_v",
      "promised_at" AS "cx_c5_v",
      "delivered_at" AS "cx_c6_v",
      "channel" AS "cx_c7_v"
    FROM "orders"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS VARCHAR) AS "status",
      CAST("cx_c1_v" AS FLOAT) AS "amount",
      CAST("cx_c2_v" AS VARCHAR) AS "customer",
      CAST("cx_c3_v" AS VARCHAR) AS "region",
      CAST("cx_c4_v" AS DATE) AS "placed_at",
      CAST("cx_c5_v" AS DATE) AS "promised_at",
      CAST("cx_c6_v" AS DATE) AS "delivered_at",
      CAST("cx_c7_v" AS VARCHAR) AS "channel"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, "placed_at" AS cx_day
    FROM cx_src
  )
SELECT
  COUNT(*) AS cx_c0,
  COUNT(CASE WHEN ("status" IN ('delivered', 'shipped')) THEN 1 END) AS cx_c1,
  COUNT(CASE WHEN ("status" IN ('delivered', 'shipped')) THEN "amount" END) AS cx_c2,
  SUM(CASE WHEN ("status" IN ('delivered', 'shipped')) THEN "amount" END) AS cx_c3,
  VAR_POP(CASE WHEN ("status" IN ('delivered', 'shipped')) THEN "amount" END) * COUNT(CASE WHEN ("status" IN ('delivered', 'shipped')) THEN "amount" END) AS cx_c4,
  COUNT("customer") AS cx_c5,
  COUNT(DISTINCT "customer") AS cx_c6,
  COUNT(CASE WHEN ("status" = 'refunded') THEN 1 END) AS cx_c7,
  COUNT(CASE WHEN ("status" <> 'cancelled') THEN 1 END) AS cx_c8
FROM cx_rows;

-- 3 measures (by region)
WITH
  cx_raw AS (
    SELECT
      "status" AS "cx_c0_v",
      "amount" AS "cx_c1_v",
      "customer" AS "cx_c2_v",
      "region" AS "cx_c3_v",
      "placed_at" AS "cx_c4_v",
      "promised_at" AS "cx_c5_v",
      "delivered_at" AS "cx_c6_v",
      "channel" AS "cx_c7_v"
    FROM "orders"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS VARCHAR) AS "status",
      CAST("cx_c1_v" AS FLOAT) AS "amount",
      CAST("cx_c2_v" AS VARCHAR) AS "customer",
      CAST("cx_c3_v" AS VARCHAR) AS "region",
      CAST("cx_c4_v" AS DATE) AS "placed_at",
      CAST("cx_c5_v" AS DATE) AS "promised_at",
      CAST("cx_c6_v" AS DATE) AS "delivered_at",
      CAST("cx_c7_v" AS VARCHAR) AS "channel"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, "placed_at" AS cx_day
    FROM cx_src
  )
SELECT
  GROUPING("region") AS cx_c0,
  "region" AS cx_c1,
  COUNT(CASE WHEN cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30' THEN 1 END) AS cx_c2,
  COUNT(CASE WHEN (cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND (("delivered_at" <= "promised_at")) THEN 1 END) AS cx_c3,
  COUNT(CASE WHEN (cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND (("delivered_at" IS NOT NULL)) THEN 1 END) AS cx_c4
FROM cx_rows
WHERE cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30'
GROUP BY GROUPING SETS ((), ("region"));

-- 2 measures (by channel)
WITH
  cx_raw AS (
    SELECT
      "status" AS "cx_c0_v",
      "amount" AS "cx_c1_v",
      "customer" AS "cx_c2_v",
      "region" AS "cx_c3_v",
      "placed_at" AS "cx_c4_v",
      "promised_at" AS "cx_c5_v",
      "delivered_at" AS "cx_c6_v",
      "channel" AS "cx_c7_v"
    FROM "orders"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS VARCHAR) AS "status",
      CAST("cx_c1_v" AS FLOAT) AS "amount",
      CAST("cx_c2_v" AS VARCHAR) AS "customer",
      CAST("cx_c3_v" AS VARCHAR) AS "region",
      CAST("cx_c4_v" AS DATE) AS "placed_at",
      CAST("cx_c5_v" AS DATE) AS "promised_at",
      CAST("cx_c6_v" AS DATE) AS "delivered_at",
      CAST("cx_c7_v" AS VARCHAR) AS "channel"
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
  COUNT(CASE WHEN ("status" = 'returned') THEN 1 END) AS cx_c3
FROM cx_rows
GROUP BY GROUPING SETS ((), ("channel"));

-- source surveys (snowflake)
-- surveys: file data, shown as a table named 'surveys' as if loaded into snowflake
ALTER SESSION SET TIMEZONE = 'UTC';

-- 2 measures (by channel, trend month), scale and division checks
WITH
  cx_raw AS (
    SELECT
      "channel" AS "cx_c0_v",
      "answered_at" AS "cx_c1_v",
      "recommend" AS "cx_c2_v",
      "region" AS "cx_c3_v",
      "touchpoint" AS "cx_c4_v",
      "effort" AS "cx_c5_v",
      "satisfied" AS "cx_c6_v"
    FROM "surveys"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS VARCHAR) AS "channel",
      CAST("cx_c1_v" AS DATE) AS "answered_at",
      CAST("cx_c2_v" AS FLOAT) AS "recommend",
      CAST("cx_c3_v" AS VARCHAR) AS "region",
      CAST("cx_c4_v" AS VARCHAR) AS "touchpoint",
      CAST("cx_c5_v" AS FLOAT) AS "effort",
      CAST("cx_c6_v" AS FLOAT) AS "satisfied"
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
  COUNT(CASE WHEN "recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10 THEN 1 END) AS cx_c5,
  COUNT(CASE WHEN ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10) AND ("recommend" >= 9) THEN 1 END) AS cx_c6,
  COUNT(CASE WHEN ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10) AND ("recommend" <= 6) THEN 1 END) AS cx_c7,
  COUNT(CASE WHEN "recommend" IS NOT NULL AND ("recommend" < 0 OR "recommend" > 10 OR "recommend" <> floor("recommend")) THEN 1 END) AS cx_c8,
  COUNT(CASE WHEN "effort" IS NOT NULL AND ("effort" < 1 OR "effort" > 7 OR "effort" <> floor("effort")) THEN 1 END) AS cx_c9,
  COUNT(CASE WHEN "satisfied" IS NOT NULL AND ("satisfied" < 1 OR "satisfied" > 5 OR "satisfied" <> floor("satisfied")) THEN 1 END) AS cx_c10
FROM cx_keyed
GROUP BY GROUPING SETS ((), ("channel"), (cx_period));

-- 13 measures (overall)
WITH
  cx_raw AS (
    SELECT
      "channel" AS "cx_c0_v",
      "answered_at" AS "cx_c1_v",
      "recommend" AS "cx_c2_v",
      "region" AS "cx_c3_v",
      "touchpoint" AS "cx_c4_v",
      "effort" AS "cx_c5_v",
      "satisfied" AS "cx_c6_v"
    FROM "surveys"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS VARCHAR) AS "channel",
      CAST("cx_c1_v" AS DATE) AS "answered_at",
      CAST("cx_c2_v" AS FLOAT) AS "recommend",
      CAST("cx_c3_v" AS VARCHAR) AS "region",
      CAST("cx_c4_v" AS VARCHAR) AS "touchpoint",
      CAST("cx_c5_v" AS FLOAT) AS "effort",
      CAST("cx_c6_v" AS FLOAT) AS "satisfied"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, "answered_at" AS cx_day
    FROM cx_src
  )
SELECT
  COUNT(CASE WHEN cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30' THEN 1 END) AS cx_c0,
  COUNT(CASE WHEN (cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10) THEN 1 END) AS cx_c1,
  COUNT(CASE WHEN ((cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10)) AND ("recommend" >= 9) THEN 1 END) AS cx_c2,
  COUNT(CASE WHEN ((cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10)) AND ("recommend" <= 6) THEN 1 END) AS cx_c3,
  COUNT(*) AS cx_c4,
  COUNT(CASE WHEN ("touchpoint" = 'checkout') THEN 1 END) AS cx_c5,
  COUNT(CASE WHEN (("touchpoint" = 'checkout')) AND ("effort" = floor("effort") AND "effort" >= 1 AND "effort" <= 7) THEN 1 END) AS cx_c6,
  SUM(CASE WHEN (("touchpoint" = 'checkout')) AND ("effort" = floor("effort") AND "effort" >= 1 AND "effort" <= 7) THEN "effort" END) AS cx_c7,
  SUM(CASE WHEN (("touchpoint" = 'checkout')) AND ("effort" = floor("effort") AND "effort" >= 1 AND "effort" <= 7) THEN "effort" * "effort" END) AS cx_c8,
  COUNT(CASE WHEN ("touchpoint" = 'returns') THEN 1 END) AS cx_c9,
  COUNT(CASE WHEN (("touchpoint" = 'returns')) AND ("effort" = floor("effort") AND "effort" >= 1 AND "effort" <= 7) THEN 1 END) AS cx_c10,
  SUM(CASE WHEN (("touchpoint" = 'returns')) AND ("effort" = floor("effort") AND "effort" >= 1 AND "effort" <= 7) THEN "effort" END) AS cx_c11,
  SUM(CASE WHEN (("touchpoint" = 'returns')) AND ("effort" = floor("effort") AND "effort" >= 1 AND "effort" <= 7) THEN "effort" * "effort" END) AS cx_c12,
  COUNT(CASE WHEN ("touchpoint" = 'product_page') THEN 1 END) AS cx_c13,
  COUNT(CASE WHEN (("touchpoint" = 'product_page')) AND ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5) THEN 1 END) AS cx_c14,
  COUNT(CASE WHEN ((("touchpoint" = 'product_page')) AND ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5)) AND ("satisfied" >= 4) THEN 1 END) AS cx_c15,
  COUNT(CASE WHEN (("touchpoint" = 'checkout')) AND ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5) THEN 1 END) AS cx_c16,
  COUNT(CASE WHEN ((("touchpoint" = 'checkout')) AND ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5)) AND ("satisfied" >= 4) THEN 1 END) AS cx_c17,
  COUNT(CASE WHEN ("touchpoint" = 'store') THEN 1 END) AS cx_c18,
  COUNT(CASE WHEN (("touchpoint" = 'store')) AND ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5) THEN 1 END) AS cx_c19,
  COUNT(CASE WHEN ((("touchpoint" = 'store')) AND ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5)) AND ("satisfied" >= 4) THEN 1 END) AS cx_c20,
  COUNT(CASE WHEN (("touchpoint" = 'returns')) AND ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5) THEN 1 END) AS cx_c21,
  COUNT(CASE WHEN ((("touchpoint" = 'returns')) AND ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5)) AND ("satisfied" >= 4) THEN 1 END) AS cx_c22
FROM cx_rows;

-- 3 measures (by region, trend month)
WITH
  cx_raw AS (
    SELECT
      "channel" AS "cx_c0_v",
      "answered_at" AS "cx_c1_v",
      "recommend" AS "cx_c2_v",
      "region" AS "cx_c3_v",
      "touchpoint" AS "cx_c4_v",
      "effort" AS "cx_c5_v",
      "satisfied" AS "cx_c6_v"
    FROM "surveys"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS VARCHAR) AS "channel",
      CAST("cx_c1_v" AS DATE) AS "answered_at",
      CAST("cx_c2_v" AS FLOAT) AS "recommend",
      CAST("cx_c3_v" AS VARCHAR) AS "region",
      CAST("cx_c4_v" AS VARCHAR) AS "touchpoint",
      CAST("cx_c5_v" AS FLOAT) AS "effort",
      CAST("cx_c6_v" AS FLOAT) AS "satisfied"
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
  GROUPING("region") AS cx_c0,
  GROUPING(cx_period) AS cx_c1,
  "region" AS cx_c2,
  cx_period AS cx_c3,
  COUNT(*) AS cx_c4,
  COUNT(CASE WHEN ("touchpoint" = 'delivery') THEN 1 END) AS cx_c5,
  COUNT(CASE WHEN (("touchpoint" = 'delivery')) AND ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10) THEN 1 END) AS cx_c6,
  COUNT(CASE WHEN ((("touchpoint" = 'delivery')) AND ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10)) AND ("recommend" >= 9) THEN 1 END) AS cx_c7,
  COUNT(CASE WHEN ((("touchpoint" = 'delivery')) AND ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10)) AND ("recommend" <= 6) THEN 1 END) AS cx_c8
FROM cx_keyed
GROUP BY GROUPING SETS ((), ("region"), (cx_period));

-- 3 measures (by channel, region)
WITH
  cx_raw AS (
    SELECT
      "channel" AS "cx_c0_v",
      "answered_at" AS "cx_c1_v",
      "recommend" AS "cx_c2_v",
      "region" AS "cx_c3_v",
      "touchpoint" AS "cx_c4_v",
      "effort" AS "cx_c5_v",
      "satisfied" AS "cx_c6_v"
    FROM "surveys"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS VARCHAR) AS "channel",
      CAST("cx_c1_v" AS DATE) AS "answered_at",
      CAST("cx_c2_v" AS FLOAT) AS "recommend",
      CAST("cx_c3_v" AS VARCHAR) AS "region",
      CAST("cx_c4_v" AS VARCHAR) AS "touchpoint",
      CAST("cx_c5_v" AS FLOAT) AS "effort",
      CAST("cx_c6_v" AS FLOAT) AS "satisfied"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, "answered_at" AS cx_day
    FROM cx_src
  )
SELECT
  GROUPING("channel") AS cx_c0,
  "channel" AS cx_c1,
  "region" AS cx_c2,
  COUNT(*) AS cx_c3,
  COUNT(CASE WHEN ("touchpoint" = 'delivery') THEN 1 END) AS cx_c4,
  COUNT(CASE WHEN (("touchpoint" = 'delivery')) AND ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5) THEN 1 END) AS cx_c5,
  COUNT(CASE WHEN ((("touchpoint" = 'delivery')) AND ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5)) AND ("satisfied" >= 4) THEN 1 END) AS cx_c6
FROM cx_rows
GROUP BY GROUPING SETS ((), ("channel", "region"));

-- source tickets (snowflake)
-- tickets: file data, shown as a table named 'tickets' as if loaded into snowflake
ALTER SESSION SET TIMEZONE = 'UTC';

-- 2 measures (by channel, trend month), scale and division checks
WITH
  cx_raw AS (
    SELECT
      "channel" AS "cx_c0_v",
      "opened_at" AS "cx_c1_v",
      "first_response_minutes" AS "cx_c2_v",
      "resolved" AS "cx_c3_v",
      "reopened" AS "cx_c4_v",
      "satisfied" AS "cx_c5_v"
    FROM "tickets"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS VARCHAR) AS "channel",
      CAST("cx_c1_v" AS TIMESTAMP_TZ) AS "opened_at",
      CAST("cx_c2_v" AS FLOAT) AS "first_response_minutes",
      CAST("cx_c3_v" AS BOOLEAN) AS "resolved",
      CAST("cx_c4_v" AS BOOLEAN) AS "reopened",
      CAST("cx_c5_v" AS FLOAT) AS "satisfied"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, CAST(CONVERT_TIMEZONE('UTC', "opened_at") AS DATE) AS cx_day
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
  COUNT("first_response_minutes") AS cx_c5,
  PERCENTILE_CONT(CAST(0.5 AS FLOAT)) WITHIN GROUP (ORDER BY "first_response_minutes") AS cx_c6,
  COUNT(CASE WHEN "satisfied" IS NOT NULL AND ("satisfied" < 1 OR "satisfied" > 5 OR "satisfied" <> floor("satisfied")) THEN 1 END) AS cx_c7
FROM cx_keyed
GROUP BY GROUPING SETS ((), ("channel"), (cx_period));

-- 2 measures (trend month)
WITH
  cx_raw AS (
    SELECT
      "channel" AS "cx_c0_v",
      "opened_at" AS "cx_c1_v",
      "first_response_minutes" AS "cx_c2_v",
      "resolved" AS "cx_c3_v",
      "reopened" AS "cx_c4_v",
      "satisfied" AS "cx_c5_v"
    FROM "tickets"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS VARCHAR) AS "channel",
      CAST("cx_c1_v" AS TIMESTAMP_TZ) AS "opened_at",
      CAST("cx_c2_v" AS FLOAT) AS "first_response_minutes",
      CAST("cx_c3_v" AS BOOLEAN) AS "resolved",
      CAST("cx_c4_v" AS BOOLEAN) AS "reopened",
      CAST("cx_c5_v" AS FLOAT) AS "satisfied"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, CAST(CONVERT_TIMEZONE('UTC', "opened_at") AS DATE) AS cx_day
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
  COUNT(CASE WHEN ("resolved" = TRUE) THEN 1 END) AS cx_c3
FROM cx_keyed
GROUP BY GROUPING SETS ((), (cx_period));

-- 3 measures (overall)
WITH
  cx_raw AS (
    SELECT
      "channel" AS "cx_c0_v",
      "opened_at" AS "cx_c1_v",
      "first_response_minutes" AS "cx_c2_v",
      "resolved" AS "cx_c3_v",
      "reopened" AS "cx_c4_v",
      "satisfied" AS "cx_c5_v"
    FROM "tickets"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS VARCHAR) AS "channel",
      CAST("cx_c1_v" AS TIMESTAMP_TZ) AS "opened_at",
      CAST("cx_c2_v" AS FLOAT) AS "first_response_minutes",
      CAST("cx_c3_v" AS BOOLEAN) AS "resolved",
      CAST("cx_c4_v" AS BOOLEAN) AS "reopened",
      CAST("cx_c5_v" AS FLOAT) AS "satisfied"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, CAST(CONVERT_TIMEZONE('UTC', "opened_at") AS DATE) AS cx_day
    FROM cx_src
  )
SELECT
  COUNT(*) AS cx_c0,
  COUNT(CASE WHEN ("reopened" = TRUE) THEN 1 END) AS cx_c1,
  COUNT(CASE WHEN ("resolved" = TRUE) THEN 1 END) AS cx_c2
FROM cx_rows;

-- 2 measures (by channel)
WITH
  cx_raw AS (
    SELECT
      "channel" AS "cx_c0_v",
      "opened_at" AS "cx_c1_v",
      "first_response_minutes" AS "cx_c2_v",
      "resolved" AS "cx_c3_v",
      "reopened" AS "cx_c4_v",
      "satisfied" AS "cx_c5_v"
    FROM "tickets"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS VARCHAR) AS "channel",
      CAST("cx_c1_v" AS TIMESTAMP_TZ) AS "opened_at",
      CAST("cx_c2_v" AS FLOAT) AS "first_response_minutes",
      CAST("cx_c3_v" AS BOOLEAN) AS "resolved",
      CAST("cx_c4_v" AS BOOLEAN) AS "reopened",
      CAST("cx_c5_v" AS FLOAT) AS "satisfied"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, CAST(CONVERT_TIMEZONE('UTC', "opened_at") AS DATE) AS cx_day
    FROM cx_src
  )
SELECT
  GROUPING("channel") AS cx_c0,
  "channel" AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(CASE WHEN "satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5 THEN 1 END) AS cx_c3,
  COUNT(CASE WHEN ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5) AND ("satisfied" >= 4) THEN 1 END) AS cx_c4
FROM cx_rows
GROUP BY GROUPING SETS ((), ("channel"));
