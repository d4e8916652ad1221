-- cx sql --dialect bigquery (as of 2026-06-30, zone UTC)
-- source visits (bigquery)
-- visits: file data, shown as a table named 'visits' as if loaded into bigquery

-- 5 measures (by store), scale and division checks
WITH
  cx_raw AS (
    SELECT
      `store` AS `cx_c0_v`,
      `recommend` AS `cx_c1_v`,
      `region` AS `cx_c2_v`,
      `satisfied` AS `cx_c3_v`,
      `channel` AS `cx_c4_v`,
      `wait_minutes` AS `cx_c5_v`,
      `visited_on` AS `cx_c6_v`
    FROM `visits`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS STRING) AS `store`,
      CAST(`cx_c1_v` AS FLOAT64) AS `recommend`,
      CAST(`cx_c2_v` AS STRING) AS `region`,
      CAST(`cx_c3_v` AS FLOAT64) AS `satisfied`,
      CAST(`cx_c4_v` AS STRING) AS `channel`,
      CAST(`cx_c5_v` AS FLOAT64) AS `wait_minutes`,
      CAST(`cx_c6_v` AS DATE) AS `visited_on`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, `visited_on` AS cx_day
    FROM cx_src
  )
SELECT
  GROUPING(`store`) AS cx_c0,
  `store` AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(CASE WHEN `recommend` = floor(`recommend`) AND `recommend` >= 0 AND `recommend` <= 10 THEN 1 END) AS cx_c3,
  COUNT(CASE WHEN (`recommend` = floor(`recommend`) AND `recommend` >= 0 AND `recommend` <= 10) AND (`recommend` >= 9) THEN 1 END) AS cx_c4,
  COUNT(CASE WHEN (`recommend` = floor(`recommend`) AND `recommend` >= 0 AND `recommend` <= 10) AND (`recommend` <= 6) THEN 1 END) AS cx_c5,
  COUNT(CASE WHEN (`channel` = 'kiosk') THEN 1 END) AS cx_c6,
  COUNT(CASE WHEN ((`channel` = 'kiosk')) AND (`recommend` = floor(`recommend`) AND `recommend` >= 0 AND `recommend` <= 10) THEN 1 END) AS cx_c7,
  COUNT(CASE WHEN (((`channel` = 'kiosk')) AND (`recommend` = floor(`recommend`) AND `recommend` >= 0 AND `recommend` <= 10)) AND (`recommend` >= 9) THEN 1 END) AS cx_c8,
  COUNT(CASE WHEN (((`channel` = 'kiosk')) AND (`recommend` = floor(`recommend`) AND `recommend` >= 0 AND `recommend` <= 10)) AND (`recommend` <= 6) THEN 1 END) AS cx_c9,
  COUNT(`wait_minutes`) AS cx_c10,
  SUM(`wait_minutes`) AS cx_c11,
  VAR_POP(`wait_minutes`) * COUNT(`wait_minutes`) AS cx_c12,
  COUNT(CASE WHEN `recommend` IS NOT NULL AND (`recommend` < 0 OR `recommend` > 10 OR `recommend` <> floor(`recommend`)) THEN 1 END) AS cx_c13,
  COUNT(CASE WHEN `satisfied` IS NOT NULL AND (`satisfied` < 1 OR `satisfied` > 5 OR `satisfied` <> floor(`satisfied`)) THEN 1 END) AS cx_c14
FROM cx_rows
GROUP BY GROUPING SETS ((), (`store`));

-- 2 measures (by region)
WITH
  cx_raw AS (
    SELECT
      `store` AS `cx_c0_v`,
      `recommend` AS `cx_c1_v`,
      `region` AS `cx_c2_v`,
      `satisfied` AS `cx_c3_v`,
      `channel` AS `cx_c4_v`,
      `wait_minutes` AS `cx_c5_v`,
      `visited_on` AS `cx_c6_v`
    FROM `visits`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS STRING) AS `store`,
      CAST(`cx_c1_v` AS FLOAT64) AS `recommend`,
      CAST(`cx_c2_v` AS STRING) AS `region`,
      CAST(`cx_c3_v` AS FLOAT64) AS `satisfied`,
      CAST(`cx_c4_v` AS STRING) AS `channel`,
      CAST(`cx_c5_v` AS FLOAT64) AS `wait_minutes`,
      CAST(`cx_c6_v` AS DATE) AS `visited_on`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, `visited_on` AS cx_day
    FROM cx_src
  )
SELECT
  GROUPING(`region`) AS cx_c0,
  `region` AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(CASE WHEN `satisfied` = floor(`satisfied`) AND `satisfied` >= 1 AND `satisfied` <= 5 THEN 1 END) AS cx_c3,
  COUNT(CASE WHEN (`satisfied` = floor(`satisfied`) AND `satisfied` >= 1 AND `satisfied` <= 5) AND (`satisfied` >= 4) THEN 1 END) AS cx_c4
FROM cx_rows
GROUP BY GROUPING SETS ((), (`region`));

-- 2 measures (by region, store)
WITH
  cx_raw AS (
    SELECT
      `store` AS `cx_c0_v`,
      `recommend` AS `cx_c1_v`,
      `region` AS `cx_c2_v`,
      `satisfied` AS `cx_c3_v`,
      `channel` AS `cx_c4_v`,
      `wait_minutes` AS `cx_c5_v`,
      `visited_on` AS `cx_c6_v`
    FROM `visits`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS STRING) AS `store`,
      CAST(`cx_c1_v` AS FLOAT64) AS `recommend`,
      CAST(`cx_c2_v` AS STRING) AS `region`,
      CAST(`cx_c3_v` AS FLOAT64) AS `satisfied`,
      CAST(`cx_c4_v` AS STRING) AS `channel`,
      CAST(`cx_c5_v` AS FLOAT64) AS `wait_minutes`,
      CAST(`cx_c6_v` AS DATE) AS `visited_on`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, `visited_on` AS cx_day
    FROM cx_src
  )
SELECT
  GROUPING(`region`) AS cx_c0,
  `region` AS cx_c1,
  `store` AS cx_c2,
  COUNT(*) AS cx_c3,
  COUNT(CASE WHEN `recommend` = floor(`recommend`) AND `recommend` >= 0 AND `recommend` <= 10 THEN 1 END) AS cx_c4,
  COUNT(CASE WHEN (`recommend` = floor(`recommend`) AND `recommend` >= 0 AND `recommend` <= 10) AND (`recommend` >= 9) THEN 1 END) AS cx_c5,
  COUNT(CASE WHEN (`recommend` = floor(`recommend`) AND `recommend` >= 0 AND `recommend` <= 10) AND (`recommend` <= 6) THEN 1 END) AS cx_c6
FROM cx_rows
GROUP BY GROUPING SETS ((), (`region`, `store`));

-- source kiosks (bigquery)
-- kiosks: file data, shown as a table named 'kiosks' as if loaded into bigquery

-- 2 measures (by kiosk), scale and division checks
WITH
  cx_raw AS (
    SELECT
      `kiosk` AS `cx_c0_v`,
      `recommend` AS `cx_c1_v`
    FROM `kiosks`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS STRING) AS `kiosk`,
      CAST(`cx_c1_v` AS FLOAT64) AS `recommend`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *
    FROM cx_src
  )
SELECT
  GROUPING(`kiosk`) AS cx_c0,
  `kiosk` AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(CASE WHEN `recommend` = floor(`recommend`) AND `recommend` >= 0 AND `recommend` <= 10 THEN 1 END) AS cx_c3,
  COUNT(CASE WHEN (`recommend` = floor(`recommend`) AND `recommend` >= 0 AND `recommend` <= 10) AND (`recommend` >= 9) THEN 1 END) AS cx_c4,
  COUNT(CASE WHEN (`recommend` = floor(`recommend`) AND `recommend` >= 0 AND `recommend` <= 10) AND (`recommend` <= 6) THEN 1 END) AS cx_c5,
  COUNT(CASE WHEN `recommend` IS NOT NULL AND (`recommend` < 0 OR `recommend` > 10 OR `recommend` <> floor(`recommend`)) THEN 1 END) AS cx_c6
FROM cx_rows
GROUP BY GROUPING SETS ((), (`kiosk`));
