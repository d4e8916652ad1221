-- cx sql --dialect bigquery (as of 2026-06-30, zone UTC)
-- source surveys (bigquery)
-- surveys: file data, shown as a table named 'surveys' as if loaded into bigquery

-- 11 measures (by channel), scale and division checks
WITH
  cx_raw AS (
    SELECT
      `channel` AS `cx_c0_v`,
      `amount` AS `cx_c1_v`,
      `touchpoint` AS `cx_c2_v`,
      `answered_at` AS `cx_c3_v`,
      `effort` AS `cx_c4_v`
    FROM `surveys`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS STRING) AS `channel`,
      CAST(`cx_c1_v` AS FLOAT64) AS `amount`,
      CAST(`cx_c2_v` AS STRING) AS `touchpoint`,
      CAST(`cx_c3_v` AS DATE) AS `answered_at`,
      CAST(`cx_c4_v` AS FLOAT64) AS `effort`
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
  CASE WHEN ARRAY_LENGTH(cx_c5) > 0 THEN cx_c5[OFFSET(CAST(FLOOR(CAST(0.5 AS FLOAT64) * (ARRAY_LENGTH(cx_c5) - 1)) AS INT64))] + (cx_c5[OFFSET(CAST(CEIL(CAST(0.5 AS FLOAT64) * (ARRAY_LENGTH(cx_c5) - 1)) AS INT64))] - cx_c5[OFFSET(CAST(FLOOR(CAST(0.5 AS FLOAT64) * (ARRAY_LENGTH(cx_c5) - 1)) AS INT64))]) * (CAST(0.5 AS FLOAT64) * (ARRAY_LENGTH(cx_c5) - 1) - FLOOR(CAST(0.5 AS FLOAT64) * (ARRAY_LENGTH(cx_c5) - 1))) END AS cx_c5,
  cx_c6,
  cx_c7,
  cx_c8,
  cx_c9,
  cx_c10,
  cx_c11,
  cx_c12,
  cx_c13,
  CASE WHEN ARRAY_LENGTH(cx_c14) > 0 THEN cx_c14[OFFSET(CAST(FLOOR(CAST(0.5 AS FLOAT64) * (ARRAY_LENGTH(cx_c14) - 1)) AS INT64))] + (cx_c14[OFFSET(CAST(CEIL(CAST(0.5 AS FLOAT64) * (ARRAY_LENGTH(cx_c14) - 1)) AS INT64))] - cx_c14[OFFSET(CAST(FLOOR(CAST(0.5 AS FLOAT64) * (ARRAY_LENGTH(cx_c14) - 1)) AS INT64))]) * (CAST(0.5 AS FLOAT64) * (ARRAY_LENGTH(cx_c14) - 1) - FLOOR(CAST(0.5 AS FLOAT64) * (ARRAY_LENGTH(cx_c14) - 1))) END AS cx_c14,
  cx_c15,
  cx_c16,
  cx_c17,
  cx_c18,
  cx_c19
FROM (
  SELECT
    GROUPING(`channel`) AS cx_c0,
    `channel` AS cx_c1,
    COUNT(*) AS cx_c2,
    COUNT(CASE WHEN (`channel` <> 'store') THEN 1 END) AS cx_c3,
    COUNT(CASE WHEN (`channel` <> 'store') THEN `amount` END) AS cx_c4,
    ARRAY_AGG(CASE WHEN (`channel` <> 'store') THEN `amount` END IGNORE NULLS ORDER BY CASE WHEN (`channel` <> 'store') THEN `amount` END) AS cx_c5,
    COUNT(CASE WHEN (`touchpoint` = 'store') THEN 1 END) AS cx_c6,
    COUNT(CASE WHEN cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30' THEN 1 END) AS cx_c7,
    COUNT(CASE WHEN (cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30') AND ((`channel` <> 'app')) THEN 1 END) AS cx_c8,
    COUNT(CASE WHEN ((cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30') AND ((`channel` <> 'app'))) AND (`effort` = floor(`effort`) AND `effort` >= 1 AND `effort` <= 7) THEN 1 END) AS cx_c9,
    SUM(CASE WHEN ((cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30') AND ((`channel` <> 'app'))) AND (`effort` = floor(`effort`) AND `effort` >= 1 AND `effort` <= 7) THEN `effort` END) AS cx_c10,
    SUM(CASE WHEN ((cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30') AND ((`channel` <> 'app'))) AND (`effort` = floor(`effort`) AND `effort` >= 1 AND `effort` <= 7) THEN `effort` * `effort` END) AS cx_c11,
    COUNT(CASE WHEN (cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30') AND ((`channel` <> 'store')) THEN 1 END) AS cx_c12,
    COUNT(CASE WHEN (cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30') AND ((`channel` <> 'store')) THEN `amount` END) AS cx_c13,
    ARRAY_AGG(CASE WHEN (cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30') AND ((`channel` <> 'store')) THEN `amount` END IGNORE NULLS ORDER BY CASE WHEN (cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30') AND ((`channel` <> 'store')) THEN `amount` END) AS cx_c14,
    COUNT(CASE WHEN (cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30') AND ((`amount` > 134)) THEN 1 END) AS cx_c15,
    COUNT(CASE WHEN ((cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30') AND ((`amount` > 134))) AND (`effort` = floor(`effort`) AND `effort` >= 1 AND `effort` <= 7) THEN 1 END) AS cx_c16,
    SUM(CASE WHEN ((cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30') AND ((`amount` > 134))) AND (`effort` = floor(`effort`) AND `effort` >= 1 AND `effort` <= 7) THEN `effort` END) AS cx_c17,
    SUM(CASE WHEN ((cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30') AND ((`amount` > 134))) AND (`effort` = floor(`effort`) AND `effort` >= 1 AND `effort` <= 7) THEN `effort` * `effort` END) AS cx_c18,
    COUNT(CASE WHEN `effort` IS NOT NULL AND (`effort` < 1 OR `effort` > 7 OR `effort` <> floor(`effort`)) THEN 1 END) AS cx_c19
  FROM cx_rows
  GROUP BY GROUPING SETS ((), (`channel`))
) AS cx_agg;

-- 2 measures (trend month)
WITH
  cx_raw AS (
    SELECT
      `channel` AS `cx_c0_v`,
      `amount` AS `cx_c1_v`,
      `touchpoint` AS `cx_c2_v`,
      `answered_at` AS `cx_c3_v`,
      `effort` AS `cx_c4_v`
    FROM `surveys`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS STRING) AS `channel`,
      CAST(`cx_c1_v` AS FLOAT64) AS `amount`,
      CAST(`cx_c2_v` AS STRING) AS `touchpoint`,
      CAST(`cx_c3_v` AS DATE) AS `answered_at`,
      CAST(`cx_c4_v` AS FLOAT64) AS `effort`
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
  COUNT(`channel`) AS cx_c3
FROM cx_keyed
GROUP BY GROUPING SETS ((), (cx_period));

-- 6 measures (overall)
WITH
  cx_raw AS (
    SELECT
      `channel` AS `cx_c0_v`,
      `amount` AS `cx_c1_v`,
      `touchpoint` AS `cx_c2_v`,
      `answered_at` AS `cx_c3_v`,
      `effort` AS `cx_c4_v`
    FROM `surveys`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS STRING) AS `channel`,
      CAST(`cx_c1_v` AS FLOAT64) AS `amount`,
      CAST(`cx_c2_v` AS STRING) AS `touchpoint`,
      CAST(`cx_c3_v` AS DATE) AS `answered_at`,
      CAST(`cx_c4_v` AS FLOAT64) AS `effort`
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
  CASE WHEN ARRAY_LENGTH(cx_c7) > 0 THEN cx_c7[OFFSET(CAST(FLOOR(CAST(0.5 AS FLOAT64) * (ARRAY_LENGTH(cx_c7) - 1)) AS INT64))] + (cx_c7[OFFSET(CAST(CEIL(CAST(0.5 AS FLOAT64) * (ARRAY_LENGTH(cx_c7) - 1)) AS INT64))] - cx_c7[OFFSET(CAST(FLOOR(CAST(0.5 AS FLOAT64) * (ARRAY_LENGTH(cx_c7) - 1)) AS INT64))]) * (CAST(0.5 AS FLOAT64) * (ARRAY_LENGTH(cx_c7) - 1) - FLOOR(CAST(0.5 AS FLOAT64) * (ARRAY_LENGTH(cx_c7) - 1))) END AS cx_c7,
  cx_c8
FROM (
  SELECT
    COUNT(*) AS cx_c0,
    COUNT(CASE WHEN (`amount` > 134) THEN 1 END) AS cx_c1,
    COUNT(CASE WHEN ((`amount` > 134)) AND (`effort` = floor(`effort`) AND `effort` >= 1 AND `effort` <= 7) THEN 1 END) AS cx_c2,
    SUM(CASE WHEN ((`amount` > 134)) AND (`effort` = floor(`effort`) AND `effort` >= 1 AND `effort` <= 7) THEN `effort` END) AS cx_c3,
    SUM(CASE WHEN ((`amount` > 134)) AND (`effort` = floor(`effort`) AND `effort` >= 1 AND `effort` <= 7) THEN `effort` * `effort` END) AS cx_c4,
    COUNT(CASE WHEN (`channel` <> 'store') THEN 1 END) AS cx_c5,
    COUNT(CASE WHEN (`channel` <> 'store') THEN `amount` END) AS cx_c6,
    ARRAY_AGG(CASE WHEN (`channel` <> 'store') THEN `amount` END IGNORE NULLS ORDER BY CASE WHEN (`channel` <> 'store') THEN `amount` END) AS cx_c7,
    COUNT(CASE WHEN (`touchpoint` = 'store') THEN 1 END) AS cx_c8
  FROM cx_rows
) AS cx_agg;

-- source orders (bigquery)
-- orders: file data, shown as a table named 'orders' as if loaded into bigquery

-- 2 measures (overall)
WITH
  cx_raw AS (
    SELECT
      `customer` AS `cx_c0_v`,
      `placed_at` AS `cx_c1_v`,
      `amount` AS `cx_c2_v`
    FROM `orders`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS STRING) AS `customer`,
      CAST(`cx_c1_v` AS DATE) AS `placed_at`,
      CAST(`cx_c2_v` AS FLOAT64) AS `amount`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, `placed_at` AS cx_day
    FROM cx_src
  )
SELECT
  COUNT(*) AS cx_c0,
  COUNT(`customer`) AS cx_c1,
  COUNT(DISTINCT `customer`) AS cx_c2
FROM cx_rows;

-- 4 measures (trend month)
WITH
  cx_raw AS (
    SELECT
      `customer` AS `cx_c0_v`,
      `placed_at` AS `cx_c1_v`,
      `amount` AS `cx_c2_v`
    FROM `orders`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS STRING) AS `customer`,
      CAST(`cx_c1_v` AS DATE) AS `placed_at`,
      CAST(`cx_c2_v` AS FLOAT64) AS `amount`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, `placed_at` AS cx_day
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
  COUNT(CASE WHEN (`placed_at` >= DATE '2026-03-01') THEN 1 END) AS cx_c3,
  COUNT(CASE WHEN (`placed_at` >= DATE '2026-03-01') THEN `customer` END) AS cx_c4,
  COUNT(DISTINCT CASE WHEN (`placed_at` >= DATE '2026-03-01') THEN `customer` END) AS cx_c5,
  COUNT(`amount`) AS cx_c6,
  SUM(`amount`) AS cx_c7,
  VAR_POP(`amount`) * COUNT(`amount`) AS cx_c8
FROM cx_keyed
GROUP BY GROUPING SETS ((), (cx_period));
