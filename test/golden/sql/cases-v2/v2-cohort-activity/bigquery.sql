-- cx sql --dialect bigquery (as of 2026-06-30, zone UTC)
-- source orders (bigquery)
-- orders: file data, shown as a table named 'orders' as if loaded into bigquery

-- cohort repeat_buyers: customers, observed and retained per cohort and age 0..4
WITH
  cx_raw AS (
    SELECT
      `placed_at` AS `cx_c0_v`,
      `customer` AS `cx_c1_v`
    FROM `orders`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS TIMESTAMP) AS `placed_at`,
      CAST(`cx_c1_v` AS STRING) AS `customer`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, DATE(`placed_at`, 'UTC') AS cx_day
    FROM cx_src
  ),
  cx_act AS (
    SELECT `customer` AS cx_id, cx_day AS cx_aday
    FROM cx_rows
    WHERE `customer` IS NOT NULL AND cx_day IS NOT NULL
  ),
  cx_first AS (
    SELECT cx_id, MIN(cx_aday) AS cx_s
    FROM cx_act
    GROUP BY cx_id
  ),
  cx_kept AS (
    SELECT *, (EXTRACT(YEAR FROM cx_s) * 12 + EXTRACT(MONTH FROM cx_s) - 1) AS cx_code, (EXTRACT(YEAR FROM cx_s) * 12 + EXTRACT(MONTH FROM cx_s) - 1) AS cx_base
    FROM cx_first
    WHERE TRUE
  ),
  cx_seen AS (
    SELECT DISTINCT a.cx_id, (EXTRACT(YEAR FROM a.cx_aday) * 12 + EXTRACT(MONTH FROM a.cx_aday) - 1) - k.cx_base AS cx_k
    FROM cx_act a
    JOIN cx_kept k ON a.cx_id = k.cx_id
  )
SELECT
  k.cx_code AS cx_c0,
  cx_age AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(CASE WHEN k.cx_base + cx_age < (EXTRACT(YEAR FROM DATE '2026-07-01') * 12 + EXTRACT(MONTH FROM DATE '2026-07-01') - 1) THEN 1 END) AS cx_c3,
  COUNT(CASE WHEN k.cx_base + cx_age < (EXTRACT(YEAR FROM DATE '2026-07-01') * 12 + EXTRACT(MONTH FROM DATE '2026-07-01') - 1) AND s.cx_id IS NOT NULL THEN 1 END) AS cx_c4
FROM cx_kept k
CROSS JOIN UNNEST(GENERATE_ARRAY(0, 4)) AS cx_age
LEFT JOIN cx_seen s ON s.cx_id = k.cx_id AND s.cx_k = cx_age
GROUP BY k.cx_code, cx_age;

-- cohort weekly_repeat: customers, observed and retained per cohort and age 0..6
WITH
  cx_raw AS (
    SELECT
      `placed_at` AS `cx_c0_v`,
      `customer` AS `cx_c1_v`
    FROM `orders`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS TIMESTAMP) AS `placed_at`,
      CAST(`cx_c1_v` AS STRING) AS `customer`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, DATE(`placed_at`, 'UTC') AS cx_day
    FROM cx_src
  ),
  cx_act AS (
    SELECT `customer` AS cx_id, cx_day AS cx_aday
    FROM cx_rows
    WHERE `customer` IS NOT NULL AND cx_day IS NOT NULL
  ),
  cx_first AS (
    SELECT cx_id, MIN(cx_aday) AS cx_s
    FROM cx_act
    GROUP BY cx_id
  ),
  cx_kept AS (
    SELECT *, (EXTRACT(ISOYEAR FROM cx_s) * 100 + EXTRACT(ISOWEEK FROM cx_s)) AS cx_code, floor((CAST(UNIX_DATE(cx_s) AS FLOAT64) - 4) / 7) AS cx_base
    FROM cx_first
    WHERE TRUE
  ),
  cx_seen AS (
    SELECT DISTINCT a.cx_id, floor((CAST(UNIX_DATE(a.cx_aday) AS FLOAT64) - 4) / 7) - k.cx_base AS cx_k
    FROM cx_act a
    JOIN cx_kept k ON a.cx_id = k.cx_id
  )
SELECT
  k.cx_code AS cx_c0,
  cx_age AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(CASE WHEN k.cx_base + cx_age < floor((CAST(UNIX_DATE(DATE '2026-07-01') AS FLOAT64) - 4) / 7) THEN 1 END) AS cx_c3,
  COUNT(CASE WHEN k.cx_base + cx_age < floor((CAST(UNIX_DATE(DATE '2026-07-01') AS FLOAT64) - 4) / 7) AND s.cx_id IS NOT NULL THEN 1 END) AS cx_c4
FROM cx_kept k
CROSS JOIN UNNEST(GENERATE_ARRAY(0, 6)) AS cx_age
LEFT JOIN cx_seen s ON s.cx_id = k.cx_id AND s.cx_k = cx_age
GROUP BY k.cx_code, cx_age;

-- cohort quarterly_repeat: customers, observed and retained per cohort and age 0..2
WITH
  cx_raw AS (
    SELECT
      `placed_at` AS `cx_c0_v`,
      `customer` AS `cx_c1_v`
    FROM `orders`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS TIMESTAMP) AS `placed_at`,
      CAST(`cx_c1_v` AS STRING) AS `customer`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, DATE(`placed_at`, 'UTC') AS cx_day
    FROM cx_src
  ),
  cx_act AS (
    SELECT `customer` AS cx_id, cx_day AS cx_aday
    FROM cx_rows
    WHERE `customer` IS NOT NULL AND cx_day IS NOT NULL
  ),
  cx_first AS (
    SELECT cx_id, MIN(cx_aday) AS cx_s
    FROM cx_act
    GROUP BY cx_id
  ),
  cx_kept AS (
    SELECT *, (EXTRACT(YEAR FROM cx_s) * 4 + EXTRACT(QUARTER FROM cx_s) - 1) AS cx_code, (EXTRACT(YEAR FROM cx_s) * 4 + EXTRACT(QUARTER FROM cx_s) - 1) AS cx_base
    FROM cx_first
    WHERE TRUE
  ),
  cx_seen AS (
    SELECT DISTINCT a.cx_id, (EXTRACT(YEAR FROM a.cx_aday) * 4 + EXTRACT(QUARTER FROM a.cx_aday) - 1) - k.cx_base AS cx_k
    FROM cx_act a
    JOIN cx_kept k ON a.cx_id = k.cx_id
  )
SELECT
  k.cx_code AS cx_c0,
  cx_age AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(CASE WHEN k.cx_base + cx_age < (EXTRACT(YEAR FROM DATE '2026-07-01') * 4 + EXTRACT(QUARTER FROM DATE '2026-07-01') - 1) THEN 1 END) AS cx_c3,
  COUNT(CASE WHEN k.cx_base + cx_age < (EXTRACT(YEAR FROM DATE '2026-07-01') * 4 + EXTRACT(QUARTER FROM DATE '2026-07-01') - 1) AND s.cx_id IS NOT NULL THEN 1 END) AS cx_c4
FROM cx_kept k
CROSS JOIN UNNEST(GENERATE_ARRAY(0, 2)) AS cx_age
LEFT JOIN cx_seen s ON s.cx_id = k.cx_id AND s.cx_k = cx_age
GROUP BY k.cx_code, cx_age;

-- source pilot_orders (bigquery)
-- pilot_orders: file data, shown as a table named 'pilot_orders' as if loaded into bigquery

-- cohort pilot_repeat: customers, observed and retained per cohort and age 0..3
WITH
  cx_raw AS (
    SELECT
      `ordered_on` AS `cx_c0_v`,
      `customer` AS `cx_c1_v`
    FROM `pilot_orders`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS DATE) AS `ordered_on`,
      CAST(`cx_c1_v` AS STRING) AS `customer`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, `ordered_on` AS cx_day
    FROM cx_src
  ),
  cx_act AS (
    SELECT `customer` AS cx_id, cx_day AS cx_aday
    FROM cx_rows
    WHERE `customer` IS NOT NULL AND cx_day IS NOT NULL
  ),
  cx_first AS (
    SELECT cx_id, MIN(cx_aday) AS cx_s
    FROM cx_act
    GROUP BY cx_id
  ),
  cx_kept AS (
    SELECT *, (EXTRACT(YEAR FROM cx_s) * 12 + EXTRACT(MONTH FROM cx_s) - 1) AS cx_code, (EXTRACT(YEAR FROM cx_s) * 12 + EXTRACT(MONTH FROM cx_s) - 1) AS cx_base
    FROM cx_first
    WHERE TRUE
  ),
  cx_seen AS (
    SELECT DISTINCT a.cx_id, (EXTRACT(YEAR FROM a.cx_aday) * 12 + EXTRACT(MONTH FROM a.cx_aday) - 1) - k.cx_base AS cx_k
    FROM cx_act a
    JOIN cx_kept k ON a.cx_id = k.cx_id
  )
SELECT
  k.cx_code AS cx_c0,
  cx_age AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(CASE WHEN k.cx_base + cx_age < (EXTRACT(YEAR FROM DATE '2026-07-01') * 12 + EXTRACT(MONTH FROM DATE '2026-07-01') - 1) THEN 1 END) AS cx_c3,
  COUNT(CASE WHEN k.cx_base + cx_age < (EXTRACT(YEAR FROM DATE '2026-07-01') * 12 + EXTRACT(MONTH FROM DATE '2026-07-01') - 1) AND s.cx_id IS NOT NULL THEN 1 END) AS cx_c4
FROM cx_kept k
CROSS JOIN UNNEST(GENERATE_ARRAY(0, 3)) AS cx_age
LEFT JOIN cx_seen s ON s.cx_id = k.cx_id AND s.cx_k = cx_age
GROUP BY k.cx_code, cx_age;
