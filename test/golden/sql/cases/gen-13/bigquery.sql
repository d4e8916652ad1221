-- cx sql --dialect bigquery (as of 2026-06-30, zone UTC)
-- source surveys (bigquery)
-- surveys: file data, shown as a table named 'surveys' as if loaded into bigquery

-- 4 measures (trend month), scale and division checks
WITH
  cx_raw AS (
    SELECT
      `answered_at` AS `cx_c0_v`,
      `amount` AS `cx_c1_v`,
      `channel` AS `cx_c2_v`,
      `recommend` AS `cx_c3_v`,
      `touchpoint` AS `cx_c4_v`,
      `effort` AS `cx_c5_v`,
      `satisfied` AS `cx_c6_v`
    FROM `surveys`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS DATE) AS `answered_at`,
      CAST(`cx_c1_v` AS FLOAT64) AS `amount`,
      CAST(`cx_c2_v` AS STRING) AS `channel`,
      CAST(`cx_c3_v` AS FLOAT64) AS `recommend`,
      CAST(`cx_c4_v` AS STRING) AS `touchpoint`,
      CAST(`cx_c5_v` AS FLOAT64) AS `effort`,
      CAST(`cx_c6_v` AS FLOAT64) AS `satisfied`
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
  COUNT(*) AS cx_c2,
  COUNT(CASE WHEN (`amount` > 106) THEN 1 END) AS cx_c3,
  COUNT(CASE WHEN (`amount` > 106) THEN `channel` END) AS cx_c4,
  COUNT(DISTINCT CASE WHEN (`amount` > 106) THEN `channel` END) AS cx_c5,
  COUNT(CASE WHEN `recommend` = floor(`recommend`) AND `recommend` >= 0 AND `recommend` <= 10 THEN 1 END) AS cx_c6,
  COUNT(CASE WHEN (`recommend` = floor(`recommend`) AND `recommend` >= 0 AND `recommend` <= 10) AND (`recommend` >= 9) THEN 1 END) AS cx_c7,
  COUNT(CASE WHEN (`recommend` = floor(`recommend`) AND `recommend` >= 0 AND `recommend` <= 10) AND (`recommend` <= 6) THEN 1 END) AS cx_c8,
  COUNT(CASE WHEN `recommend` IS NOT NULL AND (`recommend` < 0 OR `recommend` > 10 OR `recommend` <> floor(`recommend`)) THEN 1 END) AS cx_c9,
  COUNT(CASE WHEN `effort` IS NOT NULL AND (`effort` < 1 OR `effort` > 7 OR `effort` <> floor(`effort`)) THEN 1 END) AS cx_c10,
  COUNT(CASE WHEN `satisfied` IS NOT NULL AND (`satisfied` < 1 OR `satisfied` > 5 OR `satisfied` <> floor(`satisfied`)) THEN 1 END) AS cx_c11
FROM cx_keyed
GROUP BY GROUPING SETS ((), (cx_period));

-- 12 measures (overall)
WITH
  cx_raw AS (
    SELECT
      `answered_at` AS `cx_c0_v`,
      `amount` AS `cx_c1_v`,
      `channel` AS `cx_c2_v`,
      `recommend` AS `cx_c3_v`,
      `touchpoint` AS `cx_c4_v`,
      `effort` AS `cx_c5_v`,
      `satisfied` AS `cx_c6_v`
    FROM `surveys`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS DATE) AS `answered_at`,
      CAST(`cx_c1_v` AS FLOAT64) AS `amount`,
      CAST(`cx_c2_v` AS STRING) AS `channel`,
      CAST(`cx_c3_v` AS FLOAT64) AS `recommend`,
      CAST(`cx_c4_v` AS STRING) AS `touchpoint`,
      CAST(`cx_c5_v` AS FLOAT64) AS `effort`,
      CAST(`cx_c6_v` AS FLOAT64) AS `satisfied`
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
  CASE WHEN ARRAY_LENGTH(cx_c5) > 0 THEN cx_c5[OFFSET(CAST(FLOOR(CAST(0.9 AS FLOAT64) * (ARRAY_LENGTH(cx_c5) - 1)) AS INT64))] + (cx_c5[OFFSET(CAST(CEIL(CAST(0.9 AS FLOAT64) * (ARRAY_LENGTH(cx_c5) - 1)) AS INT64))] - cx_c5[OFFSET(CAST(FLOOR(CAST(0.9 AS FLOAT64) * (ARRAY_LENGTH(cx_c5) - 1)) AS INT64))]) * (CAST(0.9 AS FLOAT64) * (ARRAY_LENGTH(cx_c5) - 1) - FLOOR(CAST(0.9 AS FLOAT64) * (ARRAY_LENGTH(cx_c5) - 1))) END AS cx_c5,
  cx_c6,
  cx_c7,
  cx_c8,
  cx_c9,
  cx_c10,
  CASE WHEN ARRAY_LENGTH(cx_c11) > 0 THEN cx_c11[OFFSET(CAST(FLOOR(CAST(0.1 AS FLOAT64) * (ARRAY_LENGTH(cx_c11) - 1)) AS INT64))] + (cx_c11[OFFSET(CAST(CEIL(CAST(0.1 AS FLOAT64) * (ARRAY_LENGTH(cx_c11) - 1)) AS INT64))] - cx_c11[OFFSET(CAST(FLOOR(CAST(0.1 AS FLOAT64) * (ARRAY_LENGTH(cx_c11) - 1)) AS INT64))]) * (CAST(0.1 AS FLOAT64) * (ARRAY_LENGTH(cx_c11) - 1) - FLOOR(CAST(0.1 AS FLOAT64) * (ARRAY_LENGTH(cx_c11) - 1))) END AS cx_c11,
  cx_c12,
  cx_c13,
  CASE WHEN ARRAY_LENGTH(cx_c14) > 0 THEN cx_c14[OFFSET(CAST(FLOOR(CAST(0.9 AS FLOAT64) * (ARRAY_LENGTH(cx_c14) - 1)) AS INT64))] + (cx_c14[OFFSET(CAST(CEIL(CAST(0.9 AS FLOAT64) * (ARRAY_LENGTH(cx_c14) - 1)) AS INT64))] - cx_c14[OFFSET(CAST(FLOOR(CAST(0.9 AS FLOAT64) * (ARRAY_LENGTH(cx_c14) - 1)) AS INT64))]) * (CAST(0.9 AS FLOAT64) * (ARRAY_LENGTH(cx_c14) - 1) - FLOOR(CAST(0.9 AS FLOAT64) * (ARRAY_LENGTH(cx_c14) - 1))) END AS cx_c14,
  cx_c15,
  cx_c16,
  cx_c17
FROM (
  SELECT
    COUNT(CASE WHEN cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30' THEN 1 END) AS cx_c0,
    COUNT(CASE WHEN cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30' THEN `recommend` END) AS cx_c1,
    MAX(CASE WHEN cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30' THEN `recommend` END) AS cx_c2,
    COUNT(*) AS cx_c3,
    COUNT(`amount`) AS cx_c4,
    ARRAY_AGG(`amount` IGNORE NULLS ORDER BY `amount`) AS cx_c5,
    COUNT(CASE WHEN `satisfied` = floor(`satisfied`) AND `satisfied` >= 1 AND `satisfied` <= 5 THEN 1 END) AS cx_c6,
    COUNT(CASE WHEN (`satisfied` = floor(`satisfied`) AND `satisfied` >= 1 AND `satisfied` <= 5) AND (`satisfied` >= 4) THEN 1 END) AS cx_c7,
    COUNT(CASE WHEN (NOT (`touchpoint` = 'checkout')) THEN 1 END) AS cx_c8,
    COUNT(CASE WHEN (cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND ((`recommend` >= 8)) THEN 1 END) AS cx_c9,
    COUNT(CASE WHEN (cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND ((`recommend` >= 8)) THEN `amount` END) AS cx_c10,
    ARRAY_AGG(CASE WHEN (cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND ((`recommend` >= 8)) THEN `amount` END IGNORE NULLS ORDER BY CASE WHEN (cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND ((`recommend` >= 8)) THEN `amount` END) AS cx_c11,
    COUNT(CASE WHEN (cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND ((`channel` <> 'phone')) THEN 1 END) AS cx_c12,
    COUNT(CASE WHEN (cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND ((`channel` <> 'phone')) THEN `amount` END) AS cx_c13,
    ARRAY_AGG(CASE WHEN (cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND ((`channel` <> 'phone')) THEN `amount` END IGNORE NULLS ORDER BY CASE WHEN (cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND ((`channel` <> 'phone')) THEN `amount` END) AS cx_c14,
    COUNT(CASE WHEN (`answered_at` < DATE '2026-06-01') THEN 1 END) AS cx_c15,
    COUNT(CASE WHEN cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30' THEN `amount` END) AS cx_c16,
    MIN(CASE WHEN cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30' THEN `amount` END) AS cx_c17
  FROM cx_rows
) AS cx_agg;

-- 2 measures (by channel, trend month)
WITH
  cx_raw AS (
    SELECT
      `answered_at` AS `cx_c0_v`,
      `amount` AS `cx_c1_v`,
      `channel` AS `cx_c2_v`,
      `recommend` AS `cx_c3_v`,
      `touchpoint` AS `cx_c4_v`,
      `effort` AS `cx_c5_v`,
      `satisfied` AS `cx_c6_v`
    FROM `surveys`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS DATE) AS `answered_at`,
      CAST(`cx_c1_v` AS FLOAT64) AS `amount`,
      CAST(`cx_c2_v` AS STRING) AS `channel`,
      CAST(`cx_c3_v` AS FLOAT64) AS `recommend`,
      CAST(`cx_c4_v` AS STRING) AS `touchpoint`,
      CAST(`cx_c5_v` AS FLOAT64) AS `effort`,
      CAST(`cx_c6_v` AS FLOAT64) AS `satisfied`
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
  GROUPING(`channel`) AS cx_c0,
  GROUPING(cx_period) AS cx_c1,
  `channel` AS cx_c2,
  cx_period AS cx_c3,
  COUNT(*) AS cx_c4,
  COUNT(CASE WHEN (NOT (`touchpoint` = 'checkout')) THEN 1 END) AS cx_c5
FROM cx_keyed
GROUP BY GROUPING SETS ((), (`channel`), (cx_period));

-- 8 measures (by channel)
WITH
  cx_raw AS (
    SELECT
      `answered_at` AS `cx_c0_v`,
      `amount` AS `cx_c1_v`,
      `channel` AS `cx_c2_v`,
      `recommend` AS `cx_c3_v`,
      `touchpoint` AS `cx_c4_v`,
      `effort` AS `cx_c5_v`,
      `satisfied` AS `cx_c6_v`
    FROM `surveys`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS DATE) AS `answered_at`,
      CAST(`cx_c1_v` AS FLOAT64) AS `amount`,
      CAST(`cx_c2_v` AS STRING) AS `channel`,
      CAST(`cx_c3_v` AS FLOAT64) AS `recommend`,
      CAST(`cx_c4_v` AS STRING) AS `touchpoint`,
      CAST(`cx_c5_v` AS FLOAT64) AS `effort`,
      CAST(`cx_c6_v` AS FLOAT64) AS `satisfied`
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
  COUNT(CASE WHEN `effort` = floor(`effort`) AND `effort` >= 1 AND `effort` <= 7 THEN 1 END) AS cx_c3,
  SUM(CASE WHEN `effort` = floor(`effort`) AND `effort` >= 1 AND `effort` <= 7 THEN `effort` END) AS cx_c4,
  SUM(CASE WHEN `effort` = floor(`effort`) AND `effort` >= 1 AND `effort` <= 7 THEN `effort` * `effort` END) AS cx_c5,
  COUNT(CASE WHEN cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30' THEN 1 END) AS cx_c6,
  COUNT(CASE WHEN cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30' THEN `touchpoint` END) AS cx_c7,
  COUNT(DISTINCT CASE WHEN cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30' THEN `touchpoint` END) AS cx_c8,
  COUNT(CASE WHEN cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30' THEN 1 END) AS cx_c9,
  COUNT(CASE WHEN cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30' THEN `amount` END) AS cx_c10,
  MIN(CASE WHEN cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30' THEN `amount` END) AS cx_c11,
  COUNT(CASE WHEN cx_day > DATE '2026-03-02' AND cx_day <= DATE '2026-06-30' THEN 1 END) AS cx_c12,
  COUNT(CASE WHEN (cx_day > DATE '2026-03-02' AND cx_day <= DATE '2026-06-30') AND (`satisfied` = floor(`satisfied`) AND `satisfied` >= 1 AND `satisfied` <= 5) THEN 1 END) AS cx_c13,
  COUNT(CASE WHEN ((cx_day > DATE '2026-03-02' AND cx_day <= DATE '2026-06-30') AND (`satisfied` = floor(`satisfied`) AND `satisfied` >= 1 AND `satisfied` <= 5)) AND (`satisfied` >= 4) THEN 1 END) AS cx_c14
FROM cx_rows
GROUP BY GROUPING SETS ((), (`channel`));

-- source orders (bigquery)
-- orders: file data, shown as a table named 'orders' as if loaded into bigquery

-- 2 measures (overall)
WITH
  cx_raw AS (
    SELECT
      `placed_at` AS `cx_c0_v`,
      `amount` AS `cx_c1_v`,
      `channel` AS `cx_c2_v`,
      `status` AS `cx_c3_v`,
      `customer` AS `cx_c4_v`
    FROM `orders`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS DATE) AS `placed_at`,
      CAST(`cx_c1_v` AS FLOAT64) AS `amount`,
      CAST(`cx_c2_v` AS STRING) AS `channel`,
      CAST(`cx_c3_v` AS STRING) AS `status`,
      CAST(`cx_c4_v` AS STRING) AS `customer`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, `placed_at` AS cx_day
    FROM cx_src
  )
SELECT
  COUNT(CASE WHEN cx_day > DATE '2026-03-02' AND cx_day <= DATE '2026-06-30' THEN 1 END) AS cx_c0,
  COUNT(CASE WHEN cx_day > DATE '2026-03-02' AND cx_day <= DATE '2026-06-30' THEN `amount` END) AS cx_c1,
  MAX(CASE WHEN cx_day > DATE '2026-03-02' AND cx_day <= DATE '2026-06-30' THEN `amount` END) AS cx_c2
FROM cx_rows
WHERE cx_day > DATE '2026-03-02' AND cx_day <= DATE '2026-06-30';

-- 4 measures (by channel)
WITH
  cx_raw AS (
    SELECT
      `placed_at` AS `cx_c0_v`,
      `amount` AS `cx_c1_v`,
      `channel` AS `cx_c2_v`,
      `status` AS `cx_c3_v`,
      `customer` AS `cx_c4_v`
    FROM `orders`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS DATE) AS `placed_at`,
      CAST(`cx_c1_v` AS FLOAT64) AS `amount`,
      CAST(`cx_c2_v` AS STRING) AS `channel`,
      CAST(`cx_c3_v` AS STRING) AS `status`,
      CAST(`cx_c4_v` AS STRING) AS `customer`
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
  COUNT(CASE WHEN (`status` = 'cancelled') THEN 1 END) AS cx_c3,
  COUNT(CASE WHEN (`status` = 'cancelled') THEN `customer` END) AS cx_c4,
  COUNT(DISTINCT CASE WHEN (`status` = 'cancelled') THEN `customer` END) AS cx_c5,
  COUNT(CASE WHEN (`amount` > 584) THEN 1 END) AS cx_c6
FROM cx_rows
GROUP BY GROUPING SETS ((), (`channel`));
