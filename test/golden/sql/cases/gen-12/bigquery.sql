-- cx sql --dialect bigquery (as of 2026-06-30, zone UTC)
-- source surveys (bigquery)
-- surveys: file data, shown as a table named 'surveys' as if loaded into bigquery

-- 12 measures (overall), scale and division checks
WITH
  cx_raw AS (
    SELECT
      `answered_at` AS `cx_c0_v`,
      `amount` AS `cx_c1_v`,
      `effort` AS `cx_c2_v`,
      `satisfied` AS `cx_c3_v`,
      `channel` AS `cx_c4_v`,
      `recommend` AS `cx_c5_v`
    FROM `surveys`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS DATE) AS `answered_at`,
      CAST(`cx_c1_v` AS FLOAT64) AS `amount`,
      CAST(`cx_c2_v` AS FLOAT64) AS `effort`,
      CAST(`cx_c3_v` AS FLOAT64) AS `satisfied`,
      CAST(`cx_c4_v` AS STRING) AS `channel`,
      CAST(`cx_c5_v` AS FLOAT64) AS `recommend`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, `answered_at` AS cx_day
    FROM cx_src
  )
SELECT
  cx_c0,
  cx_c1,
  cx_c2,
  cx_c3,
  cx_c4,
  cx_c5,
  cx_c6,
  cx_c7,
  cx_c8,
  cx_c9,
  cx_c10,
  cx_c11,
  cx_c12,
  cx_c13,
  cx_c14,
  CASE WHEN ARRAY_LENGTH(cx_c15) > 0 THEN cx_c15[OFFSET(CAST(FLOOR(CAST(0.5 AS FLOAT64) * (ARRAY_LENGTH(cx_c15) - 1)) AS INT64))] + (cx_c15[OFFSET(CAST(CEIL(CAST(0.5 AS FLOAT64) * (ARRAY_LENGTH(cx_c15) - 1)) AS INT64))] - cx_c15[OFFSET(CAST(FLOOR(CAST(0.5 AS FLOAT64) * (ARRAY_LENGTH(cx_c15) - 1)) AS INT64))]) * (CAST(0.5 AS FLOAT64) * (ARRAY_LENGTH(cx_c15) - 1) - FLOOR(CAST(0.5 AS FLOAT64) * (ARRAY_LENGTH(cx_c15) - 1))) END AS cx_c15,
  cx_c16,
  cx_c17
FROM (
  SELECT
    COUNT(CASE WHEN cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30' THEN 1 END) AS cx_c0,
    COUNT(CASE WHEN (cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND ((`amount` > 92)) THEN 1 END) AS cx_c1,
    COUNT(*) AS cx_c2,
    COUNT(CASE WHEN (`effort` >= 3) THEN 1 END) AS cx_c3,
    COUNT(CASE WHEN (`answered_at` >= DATE '2026-06-01') THEN 1 END) AS cx_c4,
    COUNT(CASE WHEN ((`answered_at` >= DATE '2026-06-01')) AND (`satisfied` = floor(`satisfied`) AND `satisfied` >= 1 AND `satisfied` <= 5) THEN 1 END) AS cx_c5,
    COUNT(CASE WHEN (((`answered_at` >= DATE '2026-06-01')) AND (`satisfied` = floor(`satisfied`) AND `satisfied` >= 1 AND `satisfied` <= 5)) AND (`satisfied` >= 4) THEN 1 END) AS cx_c6,
    COUNT(CASE WHEN (`answered_at` < DATE '2026-04-01') THEN 1 END) AS cx_c7,
    COUNT(CASE WHEN (`answered_at` < DATE '2026-04-01') THEN `channel` END) AS cx_c8,
    COUNT(CASE WHEN (`channel` <> 'store') THEN 1 END) AS cx_c9,
    COUNT(CASE WHEN ((`channel` <> 'store')) AND (`effort` = floor(`effort`) AND `effort` >= 1 AND `effort` <= 7) THEN 1 END) AS cx_c10,
    SUM(CASE WHEN ((`channel` <> 'store')) AND (`effort` = floor(`effort`) AND `effort` >= 1 AND `effort` <= 7) THEN `effort` END) AS cx_c11,
    SUM(CASE WHEN ((`channel` <> 'store')) AND (`effort` = floor(`effort`) AND `effort` >= 1 AND `effort` <= 7) THEN `effort` * `effort` END) AS cx_c12,
    COUNT(CASE WHEN (`recommend` <= 8) THEN 1 END) AS cx_c13,
    COUNT(CASE WHEN (`recommend` <= 8) THEN `amount` END) AS cx_c14,
    ARRAY_AGG(CASE WHEN (`recommend` <= 8) THEN `amount` END IGNORE NULLS ORDER BY CASE WHEN (`recommend` <= 8) THEN `amount` END) AS cx_c15,
    COUNT(CASE WHEN `satisfied` IS NOT NULL AND (`satisfied` < 1 OR `satisfied` > 5 OR `satisfied` <> floor(`satisfied`)) THEN 1 END) AS cx_c16,
    COUNT(CASE WHEN `effort` IS NOT NULL AND (`effort` < 1 OR `effort` > 7 OR `effort` <> floor(`effort`)) THEN 1 END) AS cx_c17
  FROM cx_rows
) AS cx_agg;

-- 2 measures (by channel)
WITH
  cx_raw AS (
    SELECT
      `answered_at` AS `cx_c0_v`,
      `amount` AS `cx_c1_v`,
      `effort` AS `cx_c2_v`,
      `satisfied` AS `cx_c3_v`,
      `channel` AS `cx_c4_v`,
      `recommend` AS `cx_c5_v`
    FROM `surveys`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS DATE) AS `answered_at`,
      CAST(`cx_c1_v` AS FLOAT64) AS `amount`,
      CAST(`cx_c2_v` AS FLOAT64) AS `effort`,
      CAST(`cx_c3_v` AS FLOAT64) AS `satisfied`,
      CAST(`cx_c4_v` AS STRING) AS `channel`,
      CAST(`cx_c5_v` AS FLOAT64) AS `recommend`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, `answered_at` AS cx_day
    FROM cx_src
  )
SELECT
  GROUPING(`channel`) AS cx_c0,
  `channel` AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(CASE WHEN (`effort` >= 3) THEN 1 END) AS cx_c3
FROM cx_rows
GROUP BY GROUPING SETS ((), (`channel`));

-- 6 measures (trend month)
WITH
  cx_raw AS (
    SELECT
      `answered_at` AS `cx_c0_v`,
      `amount` AS `cx_c1_v`,
      `effort` AS `cx_c2_v`,
      `satisfied` AS `cx_c3_v`,
      `channel` AS `cx_c4_v`,
      `recommend` AS `cx_c5_v`
    FROM `surveys`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS DATE) AS `answered_at`,
      CAST(`cx_c1_v` AS FLOAT64) AS `amount`,
      CAST(`cx_c2_v` AS FLOAT64) AS `effort`,
      CAST(`cx_c3_v` AS FLOAT64) AS `satisfied`,
      CAST(`cx_c4_v` AS STRING) AS `channel`,
      CAST(`cx_c5_v` AS FLOAT64) AS `recommend`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, `answered_at` AS cx_day
    FROM cx_src
  ),
  cx_keyed AS (
    SELECT *, (EXTRACT(YEAR FROM cx_day) * 12 + EXTRACT(MONTH FROM cx_day) - 1) AS cx_period
    FROM cx_rows
  )
SELECT
  GROUPING(cx_period) AS cx_c0,
  cx_period AS cx_c1,
  COUNT(CASE WHEN cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30' THEN 1 END) AS cx_c2,
  COUNT(CASE WHEN (cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND ((`effort` >= 3)) THEN 1 END) AS cx_c3,
  COUNT(CASE WHEN (cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND ((`answered_at` >= DATE '2026-06-01')) THEN 1 END) AS cx_c4,
  COUNT(CASE WHEN ((cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND ((`answered_at` >= DATE '2026-06-01'))) AND (`satisfied` = floor(`satisfied`) AND `satisfied` >= 1 AND `satisfied` <= 5) THEN 1 END) AS cx_c5,
  COUNT(CASE WHEN (((cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND ((`answered_at` >= DATE '2026-06-01'))) AND (`satisfied` = floor(`satisfied`) AND `satisfied` >= 1 AND `satisfied` <= 5)) AND (`satisfied` >= 4) THEN 1 END) AS cx_c6,
  COUNT(CASE WHEN (cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND ((`answered_at` < DATE '2026-04-01')) THEN 1 END) AS cx_c7,
  COUNT(CASE WHEN (cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND ((`answered_at` < DATE '2026-04-01')) THEN `channel` END) AS cx_c8
FROM cx_keyed
WHERE cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30'
GROUP BY GROUPING SETS ((), (cx_period));

-- source orders (bigquery)
-- orders: file data, shown as a table named 'orders' as if loaded into bigquery

-- 4 measures (overall)
WITH
  cx_raw AS (
    SELECT
      `amount` AS `cx_c0_v`,
      `customer` AS `cx_c1_v`,
      `channel` AS `cx_c2_v`,
      `placed_at` AS `cx_c3_v`
    FROM `orders`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS FLOAT64) AS `amount`,
      CAST(`cx_c1_v` AS STRING) AS `customer`,
      CAST(`cx_c2_v` AS STRING) AS `channel`,
      CAST(`cx_c3_v` AS DATE) AS `placed_at`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, `placed_at` AS cx_day
    FROM cx_src
  )
SELECT
  COUNT(*) AS cx_c0,
  COUNT(`amount`) AS cx_c1,
  MAX(`amount`) AS cx_c2,
  COUNT(`amount`) AS cx_c3,
  SUM(`amount`) AS cx_c4,
  VAR_POP(`amount`) * COUNT(`amount`) AS cx_c5,
  COUNT(`customer`) AS cx_c6,
  COUNT(DISTINCT `customer`) AS cx_c7
FROM cx_rows;

-- 2 measures (by channel)
WITH
  cx_raw AS (
    SELECT
      `amount` AS `cx_c0_v`,
      `customer` AS `cx_c1_v`,
      `channel` AS `cx_c2_v`,
      `placed_at` AS `cx_c3_v`
    FROM `orders`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS FLOAT64) AS `amount`,
      CAST(`cx_c1_v` AS STRING) AS `customer`,
      CAST(`cx_c2_v` AS STRING) AS `channel`,
      CAST(`cx_c3_v` AS DATE) AS `placed_at`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, `placed_at` AS cx_day
    FROM cx_src
  )
SELECT
  GROUPING(`channel`) AS cx_c0,
  `channel` AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(`customer`) AS cx_c3,
  COUNT(DISTINCT `customer`) AS cx_c4
FROM cx_rows
GROUP BY GROUPING SETS ((), (`channel`));
