-- cx sql --dialect bigquery (as of 2026-06-30, zone UTC)
-- source survey (bigquery)
-- survey: file data, shown as a table named 'survey' as if loaded into bigquery

-- drivers recommendation_drivers: complete cases, means, ranges and correlations of 5 columns
WITH
  cx_raw AS (
    SELECT
      `app_sat` AS `cx_c0_v`,
      `checkout_sat` AS `cx_c1_v`,
      `support_sat` AS `cx_c2_v`,
      `delivery_sat` AS `cx_c3_v`,
      `recommend` AS `cx_c4_v`,
      `answered_at` AS `cx_c5_v`,
      `region` AS `cx_c6_v`
    FROM `survey`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS FLOAT64) AS `app_sat`,
      CAST(`cx_c1_v` AS FLOAT64) AS `checkout_sat`,
      CAST(`cx_c2_v` AS FLOAT64) AS `support_sat`,
      CAST(`cx_c3_v` AS FLOAT64) AS `delivery_sat`,
      CAST(`cx_c4_v` AS FLOAT64) AS `recommend`,
      CAST(`cx_c5_v` AS DATE) AS `answered_at`,
      CAST(`cx_c6_v` AS STRING) AS `region`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, `answered_at` AS cx_day
    FROM cx_src
  ),
  cx_cases AS (
    SELECT
      `recommend` AS cx_x0,
      `delivery_sat` AS cx_x1,
      `support_sat` AS cx_x2,
      `checkout_sat` AS cx_x3,
      `app_sat` AS cx_x4
    FROM cx_rows
  )
SELECT
  COUNT(*) AS cx_c0,
  AVG(cx_x0) AS cx_c1,
  AVG(cx_x1) AS cx_c2,
  AVG(cx_x2) AS cx_c3,
  AVG(cx_x3) AS cx_c4,
  AVG(cx_x4) AS cx_c5,
  MIN(cx_x0) AS cx_c6,
  MIN(cx_x1) AS cx_c7,
  MIN(cx_x2) AS cx_c8,
  MIN(cx_x3) AS cx_c9,
  MIN(cx_x4) AS cx_c10,
  MAX(cx_x0) AS cx_c11,
  MAX(cx_x1) AS cx_c12,
  MAX(cx_x2) AS cx_c13,
  MAX(cx_x3) AS cx_c14,
  MAX(cx_x4) AS cx_c15,
  CORR(cx_x0, cx_x1) AS cx_c16,
  CORR(cx_x0, cx_x2) AS cx_c17,
  CORR(cx_x0, cx_x3) AS cx_c18,
  CORR(cx_x0, cx_x4) AS cx_c19,
  CORR(cx_x1, cx_x2) AS cx_c20,
  CORR(cx_x1, cx_x3) AS cx_c21,
  CORR(cx_x1, cx_x4) AS cx_c22,
  CORR(cx_x2, cx_x3) AS cx_c23,
  CORR(cx_x2, cx_x4) AS cx_c24,
  CORR(cx_x3, cx_x4) AS cx_c25
FROM cx_cases
WHERE cx_x0 IS NOT NULL AND cx_x1 IS NOT NULL AND cx_x2 IS NOT NULL AND cx_x3 IS NOT NULL AND cx_x4 IS NOT NULL;

-- drivers eu_recent: complete cases, means, ranges and correlations of 5 columns
WITH
  cx_raw AS (
    SELECT
      `app_sat` AS `cx_c0_v`,
      `checkout_sat` AS `cx_c1_v`,
      `support_sat` AS `cx_c2_v`,
      `delivery_sat` AS `cx_c3_v`,
      `recommend` AS `cx_c4_v`,
      `answered_at` AS `cx_c5_v`,
      `region` AS `cx_c6_v`
    FROM `survey`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS FLOAT64) AS `app_sat`,
      CAST(`cx_c1_v` AS FLOAT64) AS `checkout_sat`,
      CAST(`cx_c2_v` AS FLOAT64) AS `support_sat`,
      CAST(`cx_c3_v` AS FLOAT64) AS `delivery_sat`,
      CAST(`cx_c4_v` AS FLOAT64) AS `recommend`,
      CAST(`cx_c5_v` AS DATE) AS `answered_at`,
      CAST(`cx_c6_v` AS STRING) AS `region`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, `answered_at` AS cx_day
    FROM cx_src
  ),
  cx_cases AS (
    SELECT
      `recommend` AS cx_x0,
      `delivery_sat` AS cx_x1,
      `support_sat` AS cx_x2,
      `checkout_sat` AS cx_x3,
      `app_sat` AS cx_x4
    FROM cx_rows
    WHERE (cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND ((`region` = 'EU'))
  )
SELECT
  COUNT(*) AS cx_c0,
  AVG(cx_x0) AS cx_c1,
  AVG(cx_x1) AS cx_c2,
  AVG(cx_x2) AS cx_c3,
  AVG(cx_x3) AS cx_c4,
  AVG(cx_x4) AS cx_c5,
  MIN(cx_x0) AS cx_c6,
  MIN(cx_x1) AS cx_c7,
  MIN(cx_x2) AS cx_c8,
  MIN(cx_x3) AS cx_c9,
  MIN(cx_x4) AS cx_c10,
  MAX(cx_x0) AS cx_c11,
  MAX(cx_x1) AS cx_c12,
  MAX(cx_x2) AS cx_c13,
  MAX(cx_x3) AS cx_c14,
  MAX(cx_x4) AS cx_c15,
  CORR(cx_x0, cx_x1) AS cx_c16,
  CORR(cx_x0, cx_x2) AS cx_c17,
  CORR(cx_x0, cx_x3) AS cx_c18,
  CORR(cx_x0, cx_x4) AS cx_c19,
  CORR(cx_x1, cx_x2) AS cx_c20,
  CORR(cx_x1, cx_x3) AS cx_c21,
  CORR(cx_x1, cx_x4) AS cx_c22,
  CORR(cx_x2, cx_x3) AS cx_c23,
  CORR(cx_x2, cx_x4) AS cx_c24,
  CORR(cx_x3, cx_x4) AS cx_c25
FROM cx_cases
WHERE cx_x0 IS NOT NULL AND cx_x1 IS NOT NULL AND cx_x2 IS NOT NULL AND cx_x3 IS NOT NULL AND cx_x4 IS NOT NULL;

-- drivers two_drivers: complete cases, means, ranges and correlations of 3 columns
WITH
  cx_raw AS (
    SELECT
      `app_sat` AS `cx_c0_v`,
      `checkout_sat` AS `cx_c1_v`,
      `support_sat` AS `cx_c2_v`,
      `delivery_sat` AS `cx_c3_v`,
      `recommend` AS `cx_c4_v`,
      `answered_at` AS `cx_c5_v`,
      `region` AS `cx_c6_v`
    FROM `survey`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS FLOAT64) AS `app_sat`,
      CAST(`cx_c1_v` AS FLOAT64) AS `checkout_sat`,
      CAST(`cx_c2_v` AS FLOAT64) AS `support_sat`,
      CAST(`cx_c3_v` AS FLOAT64) AS `delivery_sat`,
      CAST(`cx_c4_v` AS FLOAT64) AS `recommend`,
      CAST(`cx_c5_v` AS DATE) AS `answered_at`,
      CAST(`cx_c6_v` AS STRING) AS `region`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, `answered_at` AS cx_day
    FROM cx_src
  ),
  cx_cases AS (
    SELECT
      `recommend` AS cx_x0,
      `delivery_sat` AS cx_x1,
      `support_sat` AS cx_x2
    FROM cx_rows
  )
SELECT
  COUNT(*) AS cx_c0,
  AVG(cx_x0) AS cx_c1,
  AVG(cx_x1) AS cx_c2,
  AVG(cx_x2) AS cx_c3,
  MIN(cx_x0) AS cx_c4,
  MIN(cx_x1) AS cx_c5,
  MIN(cx_x2) AS cx_c6,
  MAX(cx_x0) AS cx_c7,
  MAX(cx_x1) AS cx_c8,
  MAX(cx_x2) AS cx_c9,
  CORR(cx_x0, cx_x1) AS cx_c10,
  CORR(cx_x0, cx_x2) AS cx_c11,
  CORR(cx_x1, cx_x2) AS cx_c12
FROM cx_cases
WHERE cx_x0 IS NOT NULL AND cx_x1 IS NOT NULL AND cx_x2 IS NOT NULL;

-- drivers latam_drivers: complete cases, means, ranges and correlations of 5 columns
WITH
  cx_raw AS (
    SELECT
      `app_sat` AS `cx_c0_v`,
      `checkout_sat` AS `cx_c1_v`,
      `support_sat` AS `cx_c2_v`,
      `delivery_sat` AS `cx_c3_v`,
      `recommend` AS `cx_c4_v`,
      `answered_at` AS `cx_c5_v`,
      `region` AS `cx_c6_v`
    FROM `survey`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS FLOAT64) AS `app_sat`,
      CAST(`cx_c1_v` AS FLOAT64) AS `checkout_sat`,
      CAST(`cx_c2_v` AS FLOAT64) AS `support_sat`,
      CAST(`cx_c3_v` AS FLOAT64) AS `delivery_sat`,
      CAST(`cx_c4_v` AS FLOAT64) AS `recommend`,
      CAST(`cx_c5_v` AS DATE) AS `answered_at`,
      CAST(`cx_c6_v` AS STRING) AS `region`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, `answered_at` AS cx_day
    FROM cx_src
  ),
  cx_cases AS (
    SELECT
      `recommend` AS cx_x0,
      `delivery_sat` AS cx_x1,
      `support_sat` AS cx_x2,
      `checkout_sat` AS cx_x3,
      `app_sat` AS cx_x4
    FROM cx_rows
    WHERE (`region` = 'LATAM')
  )
SELECT
  COUNT(*) AS cx_c0,
  AVG(cx_x0) AS cx_c1,
  AVG(cx_x1) AS cx_c2,
  AVG(cx_x2) AS cx_c3,
  AVG(cx_x3) AS cx_c4,
  AVG(cx_x4) AS cx_c5,
  MIN(cx_x0) AS cx_c6,
  MIN(cx_x1) AS cx_c7,
  MIN(cx_x2) AS cx_c8,
  MIN(cx_x3) AS cx_c9,
  MIN(cx_x4) AS cx_c10,
  MAX(cx_x0) AS cx_c11,
  MAX(cx_x1) AS cx_c12,
  MAX(cx_x2) AS cx_c13,
  MAX(cx_x3) AS cx_c14,
  MAX(cx_x4) AS cx_c15,
  CORR(cx_x0, cx_x1) AS cx_c16,
  CORR(cx_x0, cx_x2) AS cx_c17,
  CORR(cx_x0, cx_x3) AS cx_c18,
  CORR(cx_x0, cx_x4) AS cx_c19,
  CORR(cx_x1, cx_x2) AS cx_c20,
  CORR(cx_x1, cx_x3) AS cx_c21,
  CORR(cx_x1, cx_x4) AS cx_c22,
  CORR(cx_x2, cx_x3) AS cx_c23,
  CORR(cx_x2, cx_x4) AS cx_c24,
  CORR(cx_x3, cx_x4) AS cx_c25
FROM cx_cases
WHERE cx_x0 IS NOT NULL AND cx_x1 IS NOT NULL AND cx_x2 IS NOT NULL AND cx_x3 IS NOT NULL AND cx_x4 IS NOT NULL;
