-- cx sql --dialect databricks (as of 2026-06-30, zone UTC)
-- source subscriptions (databricks)
-- subscriptions: file data, shown as a table named 'subscriptions' as if loaded into databricks
SET TIME ZONE 'UTC';

-- cohort monthly_retention: customers, observed and retained per cohort and age 0..6
WITH
  cx_raw AS (
    SELECT
      `cancel_date` AS `cx_c0_v`,
      `signup_date` AS `cx_c1_v`,
      `customer_id` AS `cx_c2_v`
    FROM `subscriptions`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS DATE) AS `cancel_date`,
      CAST(`cx_c1_v` AS DATE) AS `signup_date`,
      CAST(`cx_c2_v` AS STRING) AS `customer_id`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *
    FROM cx_src
  ),
  cx_cust AS (
    SELECT `customer_id` AS cx_id, MIN(`signup_date`) AS cx_s,
      CASE WHEN COUNT(*) > COUNT(`cancel_date`) THEN NULL ELSE MAX(`cancel_date`) END AS cx_e
    FROM cx_rows
    WHERE `customer_id` IS NOT NULL AND `signup_date` IS NOT NULL
    GROUP BY `customer_id`
  ),
  cx_kept AS (
    SELECT *, (extract(YEAR FROM cx_s) * 12 + extract(MONTH FROM cx_s) - 1) AS cx_code
    FROM cx_cust
    WHERE TRUE
  )
SELECT
  cx_code AS cx_c0,
  cx_age AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(*) FILTER (WHERE add_months(cx_s, CAST(cx_age AS INT)) <= DATE '2026-06-30') AS cx_c3,
  COUNT(*) FILTER (WHERE add_months(cx_s, CAST(cx_age AS INT)) <= DATE '2026-06-30' AND (cx_e IS NULL OR cx_e > add_months(cx_s, CAST(cx_age AS INT)))) AS cx_c4
FROM cx_kept
CROSS JOIN (SELECT 0 AS cx_age UNION ALL SELECT 1 AS cx_age UNION ALL SELECT 2 AS cx_age UNION ALL SELECT 3 AS cx_age UNION ALL SELECT 4 AS cx_age UNION ALL SELECT 5 AS cx_age UNION ALL SELECT 6 AS cx_age) AS cx_ages
GROUP BY cx_code, cx_age;

-- cohort quarterly_retention: customers, observed and retained per cohort and age 0..2
WITH
  cx_raw AS (
    SELECT
      `cancel_date` AS `cx_c0_v`,
      `signup_date` AS `cx_c1_v`,
      `customer_id` AS `cx_c2_v`
    FROM `subscriptions`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS DATE) AS `cancel_date`,
      CAST(`cx_c1_v` AS DATE) AS `signup_date`,
      CAST(`cx_c2_v` AS STRING) AS `customer_id`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *
    FROM cx_src
  ),
  cx_cust AS (
    SELECT `customer_id` AS cx_id, MIN(`signup_date`) AS cx_s,
      CASE WHEN COUNT(*) > COUNT(`cancel_date`) THEN NULL ELSE MAX(`cancel_date`) END AS cx_e
    FROM cx_rows
    WHERE `customer_id` IS NOT NULL AND `signup_date` IS NOT NULL
    GROUP BY `customer_id`
  ),
  cx_kept AS (
    SELECT *, (extract(YEAR FROM cx_s) * 4 + extract(QUARTER FROM cx_s) - 1) AS cx_code
    FROM cx_cust
    WHERE TRUE
  )
SELECT
  cx_code AS cx_c0,
  cx_age AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(*) FILTER (WHERE add_months(cx_s, CAST(3 * cx_age AS INT)) <= DATE '2026-06-30') AS cx_c3,
  COUNT(*) FILTER (WHERE add_months(cx_s, CAST(3 * cx_age AS INT)) <= DATE '2026-06-30' AND (cx_e IS NULL OR cx_e > add_months(cx_s, CAST(3 * cx_age AS INT)))) AS cx_c4
FROM cx_kept
CROSS JOIN (SELECT 0 AS cx_age UNION ALL SELECT 1 AS cx_age UNION ALL SELECT 2 AS cx_age) AS cx_ages
GROUP BY cx_code, cx_age;

-- cohort weekly_recent: customers, observed and retained per cohort and age 0..8
WITH
  cx_raw AS (
    SELECT
      `cancel_date` AS `cx_c0_v`,
      `signup_date` AS `cx_c1_v`,
      `customer_id` AS `cx_c2_v`
    FROM `subscriptions`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS DATE) AS `cancel_date`,
      CAST(`cx_c1_v` AS DATE) AS `signup_date`,
      CAST(`cx_c2_v` AS STRING) AS `customer_id`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *
    FROM cx_src
  ),
  cx_cust AS (
    SELECT `customer_id` AS cx_id, MIN(`signup_date`) AS cx_s,
      CASE WHEN COUNT(*) > COUNT(`cancel_date`) THEN NULL ELSE MAX(`cancel_date`) END AS cx_e
    FROM cx_rows
    WHERE `customer_id` IS NOT NULL AND `signup_date` IS NOT NULL
    GROUP BY `customer_id`
  ),
  cx_kept AS (
    SELECT *, (extract(YEAROFWEEK FROM cx_s) * 100 + extract(WEEK FROM cx_s)) AS cx_code
    FROM cx_cust
    WHERE TRUE AND cx_s > DATE '2026-04-07' AND cx_s <= DATE '2026-06-30'
  )
SELECT
  cx_code AS cx_c0,
  cx_age AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(*) FILTER (WHERE date_add(cx_s, CAST(7 * cx_age AS INT)) <= DATE '2026-06-30') AS cx_c3,
  COUNT(*) FILTER (WHERE date_add(cx_s, CAST(7 * cx_age AS INT)) <= DATE '2026-06-30' AND (cx_e IS NULL OR cx_e > date_add(cx_s, CAST(7 * cx_age AS INT)))) AS cx_c4
FROM cx_kept
CROSS JOIN (SELECT 0 AS cx_age UNION ALL SELECT 1 AS cx_age UNION ALL SELECT 2 AS cx_age UNION ALL SELECT 3 AS cx_age UNION ALL SELECT 4 AS cx_age UNION ALL SELECT 5 AS cx_age UNION ALL SELECT 6 AS cx_age UNION ALL SELECT 7 AS cx_age UNION ALL SELECT 8 AS cx_age) AS cx_ages
GROUP BY cx_code, cx_age;

-- source pilot (databricks)
-- pilot: file data, shown as a table named 'pilot' as if loaded into databricks
SET TIME ZONE 'UTC';

-- cohort pilot_retention: customers, observed and retained per cohort and age 0..3
WITH
  cx_raw AS (
    SELECT
      `cancel_date` AS `cx_c0_v`,
      `signup_date` AS `cx_c1_v`,
      `customer_id` AS `cx_c2_v`
    FROM `pilot`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS DATE) AS `cancel_date`,
      CAST(`cx_c1_v` AS DATE) AS `signup_date`,
      CAST(`cx_c2_v` AS STRING) AS `customer_id`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *
    FROM cx_src
  ),
  cx_cust AS (
    SELECT `customer_id` AS cx_id, MIN(`signup_date`) AS cx_s,
      CASE WHEN COUNT(*) > COUNT(`cancel_date`) THEN NULL ELSE MAX(`cancel_date`) END AS cx_e
    FROM cx_rows
    WHERE `customer_id` IS NOT NULL AND `signup_date` IS NOT NULL
    GROUP BY `customer_id`
  ),
  cx_kept AS (
    SELECT *, (extract(YEAR FROM cx_s) * 12 + extract(MONTH FROM cx_s) - 1) AS cx_code
    FROM cx_cust
    WHERE TRUE
  )
SELECT
  cx_code AS cx_c0,
  cx_age AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(*) FILTER (WHERE add_months(cx_s, CAST(cx_age AS INT)) <= DATE '2026-06-30') AS cx_c3,
  COUNT(*) FILTER (WHERE add_months(cx_s, CAST(cx_age AS INT)) <= DATE '2026-06-30' AND (cx_e IS NULL OR cx_e > add_months(cx_s, CAST(cx_age AS INT)))) AS cx_c4
FROM cx_kept
CROSS JOIN (SELECT 0 AS cx_age UNION ALL SELECT 1 AS cx_age UNION ALL SELECT 2 AS cx_age UNION ALL SELECT 3 AS cx_age) AS cx_ages
GROUP BY cx_code, cx_age;
