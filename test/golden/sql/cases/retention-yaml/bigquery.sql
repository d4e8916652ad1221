-- cx sql --dialect bigquery (as of 2026-06-30, zone UTC)
-- source customers (bigquery)
-- customers: file data, shown as a table named 'customers' as if loaded into bigquery

-- 5 measures (overall)
WITH
  cx_raw AS (
    SELECT
      `churned_at` AS `cx_c0_v`,
      `joined_at` AS `cx_c1_v`
    FROM `customers`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS DATE) AS `churned_at`,
      CAST(`cx_c1_v` AS DATE) AS `joined_at`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *
    FROM cx_src
  )
SELECT
  COUNT(*) AS cx_c0,
  COUNT(CASE WHEN ((`joined_at` < DATE '2026-04-01') AND ((`churned_at` IS NULL) OR (`churned_at` >= DATE '2026-04-01'))) THEN 1 END) AS cx_c1,
  COUNT(CASE WHEN ((`joined_at` <= DATE '2026-06-30') AND ((`churned_at` IS NULL) OR (`churned_at` > DATE '2026-06-30'))) THEN 1 END) AS cx_c2,
  COUNT(CASE WHEN ((`joined_at` >= DATE '2026-04-01') AND (`joined_at` <= DATE '2026-06-30')) THEN 1 END) AS cx_c3,
  COUNT(CASE WHEN (((`joined_at` < DATE '2026-04-01') AND (`churned_at` >= DATE '2026-04-01')) AND (`churned_at` <= DATE '2026-06-30')) THEN 1 END) AS cx_c4
FROM cx_rows;

-- source orders (bigquery)
-- orders: file data, shown as a table named 'orders' as if loaded into bigquery

-- 5 measures (overall)
WITH
  cx_raw AS (
    SELECT
      `status` AS `cx_c0_v`,
      `amount` AS `cx_c1_v`,
      `customer` AS `cx_c2_v`
    FROM `orders`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS STRING) AS `status`,
      CAST(`cx_c1_v` AS FLOAT64) AS `amount`,
      CAST(`cx_c2_v` AS STRING) AS `customer`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *
    FROM cx_src
  )
SELECT
  COUNT(*) AS cx_c0,
  COUNT(CASE WHEN (`status` = 'refunded') THEN 1 END) AS cx_c1,
  COUNT(CASE WHEN (`status` <> 'refunded') THEN 1 END) AS cx_c2,
  COUNT(CASE WHEN (`status` <> 'refunded') THEN `amount` END) AS cx_c3,
  SUM(CASE WHEN (`status` <> 'refunded') THEN `amount` END) AS cx_c4,
  VAR_POP(CASE WHEN (`status` <> 'refunded') THEN `amount` END) * COUNT(CASE WHEN (`status` <> 'refunded') THEN `amount` END) AS cx_c5,
  COUNT(`customer`) AS cx_c6,
  COUNT(DISTINCT `customer`) AS cx_c7
FROM cx_rows;
