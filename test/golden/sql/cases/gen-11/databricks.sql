-- cx sql --dialect databricks (as of 2026-06-30, zone UTC)
-- source surveys (databricks)
-- surveys: file data, shown as a table named 'surveys' as if loaded into databricks
SET TIME ZONE 'UTC';

-- 16 measures (overall), scale and division checks
WITH
  cx_raw AS (
    SELECT
      `effort` AS `cx_c0_v`,
      `channel` AS `cx_c1_v`,
      `answered_at` AS `cx_c2_v`,
      `recommend` AS `cx_c3_v`,
      `touchpoint` AS `cx_c4_v`,
      `satisfied` AS `cx_c5_v`
    FROM `surveys`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS DOUBLE) AS `effort`,
      CAST(`cx_c1_v` AS STRING) AS `channel`,
      CAST(`cx_c2_v` AS DATE) AS `answered_at`,
      CAST(`cx_c3_v` AS DOUBLE) AS `recommend`,
      CAST(`cx_c4_v` AS STRING) AS `touchpoint`,
      CAST(`cx_c5_v` AS DOUBLE) AS `satisfied`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, `answered_at` AS cx_day
    FROM cx_src
  )
SELECT
  COUNT(*) AS cx_c0,
  COUNT(*) FILTER (WHERE (`effort` <= 4)) AS cx_c1,
  COUNT(`channel`) AS cx_c2,
  COUNT(DISTINCT `channel`) AS cx_c3,
  COUNT(*) FILTER (WHERE (`answered_at` < DATE '2026-03-01')) AS cx_c4,
  COUNT(*) FILTER (WHERE ((`answered_at` < DATE '2026-03-01')) AND (`recommend` = floor(`recommend`) AND `recommend` >= 0 AND `recommend` <= 10)) AS cx_c5,
  COUNT(*) FILTER (WHERE (((`answered_at` < DATE '2026-03-01')) AND (`recommend` = floor(`recommend`) AND `recommend` >= 0 AND `recommend` <= 10)) AND (`recommend` >= 9)) AS cx_c6,
  COUNT(*) FILTER (WHERE (((`answered_at` < DATE '2026-03-01')) AND (`recommend` = floor(`recommend`) AND `recommend` >= 0 AND `recommend` <= 10)) AND (`recommend` <= 6)) AS cx_c7,
  COUNT(*) FILTER (WHERE cx_day > DATE '2026-05-31' AND cx_day <= DATE '2026-06-30') AS cx_c8,
  COUNT(`effort`) FILTER (WHERE cx_day > DATE '2026-05-31' AND cx_day <= DATE '2026-06-30') AS cx_c9,
  percentile_cont(CAST(0.5 AS DOUBLE)) WITHIN GROUP (ORDER BY `effort`) FILTER (WHERE cx_day > DATE '2026-05-31' AND cx_day <= DATE '2026-06-30') AS cx_c10,
  COUNT(*) FILTER (WHERE (cx_day > DATE '2026-05-31' AND cx_day <= DATE '2026-06-30') AND ((`channel` IN ('store', 'app')))) AS cx_c11,
  COUNT(`effort`) FILTER (WHERE (cx_day > DATE '2026-05-31' AND cx_day <= DATE '2026-06-30') AND ((`channel` IN ('store', 'app')))) AS cx_c12,
  MIN(`effort`) FILTER (WHERE (cx_day > DATE '2026-05-31' AND cx_day <= DATE '2026-06-30') AND ((`channel` IN ('store', 'app')))) AS cx_c13,
  COUNT(*) FILTER (WHERE cx_day > DATE '2026-03-02' AND cx_day <= DATE '2026-06-30') AS cx_c14,
  COUNT(*) FILTER (WHERE (cx_day > DATE '2026-03-02' AND cx_day <= DATE '2026-06-30') AND ((`effort` <= 6))) AS cx_c15,
  COUNT(*) FILTER (WHERE ((cx_day > DATE '2026-03-02' AND cx_day <= DATE '2026-06-30') AND ((`effort` <= 6))) AND (`effort` = floor(`effort`) AND `effort` >= 1 AND `effort` <= 7)) AS cx_c16,
  SUM(`effort`) FILTER (WHERE ((cx_day > DATE '2026-03-02' AND cx_day <= DATE '2026-06-30') AND ((`effort` <= 6))) AND (`effort` = floor(`effort`) AND `effort` >= 1 AND `effort` <= 7)) AS cx_c17,
  SUM(`effort` * `effort`) FILTER (WHERE ((cx_day > DATE '2026-03-02' AND cx_day <= DATE '2026-06-30') AND ((`effort` <= 6))) AND (`effort` = floor(`effort`) AND `effort` >= 1 AND `effort` <= 7)) AS cx_c18,
  COUNT(*) FILTER (WHERE ((`channel` IS NOT NULL) AND (`touchpoint` = 'web'))) AS cx_c19,
  COUNT(*) FILTER (WHERE (((`channel` IS NOT NULL) AND (`touchpoint` = 'web'))) AND (`satisfied` = floor(`satisfied`) AND `satisfied` >= 1 AND `satisfied` <= 5)) AS cx_c20,
  COUNT(*) FILTER (WHERE ((((`channel` IS NOT NULL) AND (`touchpoint` = 'web'))) AND (`satisfied` = floor(`satisfied`) AND `satisfied` >= 1 AND `satisfied` <= 5)) AND (`satisfied` >= 4)) AS cx_c21,
  COUNT(*) FILTER (WHERE cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30') AS cx_c22,
  COUNT(*) FILTER (WHERE (cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30') AND (`satisfied` = floor(`satisfied`) AND `satisfied` >= 1 AND `satisfied` <= 5)) AS cx_c23,
  COUNT(*) FILTER (WHERE ((cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30') AND (`satisfied` = floor(`satisfied`) AND `satisfied` >= 1 AND `satisfied` <= 5)) AND (`satisfied` >= 4)) AS cx_c24,
  COUNT(*) FILTER (WHERE `recommend` IS NOT NULL AND (`recommend` < 0 OR `recommend` > 10 OR `recommend` <> floor(`recommend`))) AS cx_c25,
  COUNT(*) FILTER (WHERE `effort` IS NOT NULL AND (`effort` < 1 OR `effort` > 7 OR `effort` <> floor(`effort`))) AS cx_c26,
  COUNT(*) FILTER (WHERE `satisfied` IS NOT NULL AND (`satisfied` < 1 OR `satisfied` > 5 OR `satisfied` <> floor(`satisfied`))) AS cx_c27
FROM cx_rows;

-- 3 measures (by channel)
WITH
  cx_raw AS (
    SELECT
      `effort` AS `cx_c0_v`,
      `channel` AS `cx_c1_v`,
      `answered_at` AS `cx_c2_v`,
      `recommend` AS `cx_c3_v`,
      `touchpoint` AS `cx_c4_v`,
      `satisfied` AS `cx_c5_v`
    FROM `surveys`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS DOUBLE) AS `effort`,
      CAST(`cx_c1_v` AS STRING) AS `channel`,
      CAST(`cx_c2_v` AS DATE) AS `answered_at`,
      CAST(`cx_c3_v` AS DOUBLE) AS `recommend`,
      CAST(`cx_c4_v` AS STRING) AS `touchpoint`,
      CAST(`cx_c5_v` AS DOUBLE) AS `satisfied`
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
  COUNT(*) FILTER (WHERE (`answered_at` < DATE '2026-03-01')) AS cx_c3,
  COUNT(*) FILTER (WHERE ((`answered_at` < DATE '2026-03-01')) AND (`recommend` = floor(`recommend`) AND `recommend` >= 0 AND `recommend` <= 10)) AS cx_c4,
  COUNT(*) FILTER (WHERE (((`answered_at` < DATE '2026-03-01')) AND (`recommend` = floor(`recommend`) AND `recommend` >= 0 AND `recommend` <= 10)) AND (`recommend` >= 9)) AS cx_c5,
  COUNT(*) FILTER (WHERE (((`answered_at` < DATE '2026-03-01')) AND (`recommend` = floor(`recommend`) AND `recommend` >= 0 AND `recommend` <= 10)) AND (`recommend` <= 6)) AS cx_c6
FROM cx_rows
GROUP BY GROUPING SETS ((), (`channel`));

-- 5 measures (by channel, trend month)
WITH
  cx_raw AS (
    SELECT
      `effort` AS `cx_c0_v`,
      `channel` AS `cx_c1_v`,
      `answered_at` AS `cx_c2_v`,
      `recommend` AS `cx_c3_v`,
      `touchpoint` AS `cx_c4_v`,
      `satisfied` AS `cx_c5_v`
    FROM `surveys`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS DOUBLE) AS `effort`,
      CAST(`cx_c1_v` AS STRING) AS `channel`,
      CAST(`cx_c2_v` AS DATE) AS `answered_at`,
      CAST(`cx_c3_v` AS DOUBLE) AS `recommend`,
      CAST(`cx_c4_v` AS STRING) AS `touchpoint`,
      CAST(`cx_c5_v` AS DOUBLE) AS `satisfied`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, `answered_at` AS cx_day
    FROM cx_src
  ),
  cx_keyed AS (
    SELECT *, (extract(YEAR FROM cx_day) * 12 + extract(MONTH FROM cx_day) - 1) AS cx_period
    FROM cx_rows
  )
SELECT
  GROUPING(`channel`) AS cx_c0,
  GROUPING(cx_period) AS cx_c1,
  `channel` AS cx_c2,
  cx_period AS cx_c3,
  COUNT(*) AS cx_c4,
  COUNT(*) FILTER (WHERE cx_day > DATE '2026-05-31' AND cx_day <= DATE '2026-06-30') AS cx_c5,
  COUNT(`effort`) FILTER (WHERE cx_day > DATE '2026-05-31' AND cx_day <= DATE '2026-06-30') AS cx_c6,
  percentile_cont(CAST(0.5 AS DOUBLE)) WITHIN GROUP (ORDER BY `effort`) FILTER (WHERE cx_day > DATE '2026-05-31' AND cx_day <= DATE '2026-06-30') AS cx_c7,
  COUNT(*) FILTER (WHERE (cx_day > DATE '2026-05-31' AND cx_day <= DATE '2026-06-30') AND ((`channel` IN ('store', 'app')))) AS cx_c8,
  COUNT(`effort`) FILTER (WHERE (cx_day > DATE '2026-05-31' AND cx_day <= DATE '2026-06-30') AND ((`channel` IN ('store', 'app')))) AS cx_c9,
  MIN(`effort`) FILTER (WHERE (cx_day > DATE '2026-05-31' AND cx_day <= DATE '2026-06-30') AND ((`channel` IN ('store', 'app')))) AS cx_c10
FROM cx_keyed
GROUP BY GROUPING SETS ((), (`channel`), (cx_period));

-- source orders (databricks)
-- orders: file data, shown as a table named 'orders' as if loaded into databricks
SET TIME ZONE 'UTC';

-- 9 measures (overall)
WITH
  cx_raw AS (
    SELECT
      `placed_at` AS `cx_c0_v`,
      `amount` AS `cx_c1_v`,
      `channel` AS `cx_c2_v`,
      `status` AS `cx_c3_v`
    FROM `orders`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS DATE) AS `placed_at`,
      CAST(`cx_c1_v` AS DOUBLE) AS `amount`,
      CAST(`cx_c2_v` AS STRING) AS `channel`,
      CAST(`cx_c3_v` AS STRING) AS `status`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, `placed_at` AS cx_day
    FROM cx_src
  )
SELECT
  COUNT(*) FILTER (WHERE cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30') AS cx_c0,
  COUNT(*) FILTER (WHERE (cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30') AND ((`amount` > 182))) AS cx_c1,
  COUNT(`amount`) FILTER (WHERE (cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30') AND ((`amount` > 182))) AS cx_c2,
  SUM(`amount`) FILTER (WHERE (cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30') AND ((`amount` > 182))) AS cx_c3,
  VAR_POP(`amount`) FILTER (WHERE (cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30') AND ((`amount` > 182))) * COUNT(`amount`) FILTER (WHERE (cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30') AND ((`amount` > 182))) AS cx_c4,
  COUNT(`amount`) FILTER (WHERE cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30') AS cx_c5,
  SUM(`amount`) FILTER (WHERE cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30') AS cx_c6,
  VAR_POP(`amount`) FILTER (WHERE cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30') * COUNT(`amount`) FILTER (WHERE cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30') AS cx_c7,
  COUNT(*) AS cx_c8,
  COUNT(`amount`) AS cx_c9,
  MAX(`amount`) AS cx_c10,
  COUNT(`amount`) AS cx_c11,
  SUM(`amount`) AS cx_c12,
  VAR_POP(`amount`) * COUNT(`amount`) AS cx_c13,
  COUNT(*) FILTER (WHERE (`amount` <= 560)) AS cx_c14,
  COUNT(*) FILTER (WHERE (`status` IN ('refunded', 'cancelled'))) AS cx_c15
FROM cx_rows;

-- 2 measures (by channel)
WITH
  cx_raw AS (
    SELECT
      `placed_at` AS `cx_c0_v`,
      `amount` AS `cx_c1_v`,
      `channel` AS `cx_c2_v`,
      `status` AS `cx_c3_v`
    FROM `orders`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS DATE) AS `placed_at`,
      CAST(`cx_c1_v` AS DOUBLE) AS `amount`,
      CAST(`cx_c2_v` AS STRING) AS `channel`,
      CAST(`cx_c3_v` AS STRING) AS `status`
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
  COUNT(*) FILTER (WHERE (`status` IN ('refunded', 'cancelled'))) AS cx_c3
FROM cx_rows
GROUP BY GROUPING SETS ((), (`channel`));
