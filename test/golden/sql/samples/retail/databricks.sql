-- cx sql --dialect databricks (as of 2026-06-30, zone UTC)
-- source customers (databricks)
-- customers: file data, shown as a table named 'customers' as if loaded into databricks
SET TIME ZONE 'UTC';

-- 4 measures (overall)
WITH
  cx_raw AS (
    SELECT
      `churned_at` AS `cx_c0_v`,
      `joined_at` AS `cx_c1_v`,
      `segment` AS `cx_c2_v`
    FROM `customers`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS DATE) AS `churned_at`,
      CAST(`cx_c1_v` AS DATE) AS `joined_at`,
      CAST(`cx_c2_v` AS STRING) AS `segment`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *
    FROM cx_src
  )
SELECT
  COUNT(*) AS cx_c0,
  COUNT(*) FILTER (WHERE ((`joined_at` < DATE '2026-04-01') AND ((`churned_at` IS NULL) OR (`churned_at` >= DATE '2026-04-01')))) AS cx_c1,
  COUNT(*) FILTER (WHERE ((`joined_at` <= DATE '2026-06-30') AND ((`churned_at` IS NULL) OR (`churned_at` > DATE '2026-06-30')))) AS cx_c2,
  COUNT(*) FILTER (WHERE ((`joined_at` >= DATE '2026-04-01') AND (`joined_at` <= DATE '2026-06-30'))) AS cx_c3
FROM cx_rows;

-- 5 measures (by segment)
WITH
  cx_raw AS (
    SELECT
      `churned_at` AS `cx_c0_v`,
      `joined_at` AS `cx_c1_v`,
      `segment` AS `cx_c2_v`
    FROM `customers`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS DATE) AS `churned_at`,
      CAST(`cx_c1_v` AS DATE) AS `joined_at`,
      CAST(`cx_c2_v` AS STRING) AS `segment`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *
    FROM cx_src
  )
SELECT
  GROUPING(`segment`) AS cx_c0,
  `segment` AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(*) FILTER (WHERE ((`joined_at` <= DATE '2026-06-30') AND ((`churned_at` IS NULL) OR (`churned_at` > DATE '2026-06-30')))) AS cx_c3,
  COUNT(*) FILTER (WHERE ((`joined_at` >= DATE '2026-04-01') AND (`joined_at` <= DATE '2026-06-30'))) AS cx_c4,
  COUNT(*) FILTER (WHERE ((`joined_at` < DATE '2026-04-01') AND ((`churned_at` IS NULL) OR (`churned_at` >= DATE '2026-04-01')))) AS cx_c5,
  COUNT(*) FILTER (WHERE (((`joined_at` < DATE '2026-04-01') AND (`churned_at` >= DATE '2026-04-01')) AND (`churned_at` <= DATE '2026-06-30'))) AS cx_c6
FROM cx_rows
GROUP BY GROUPING SETS ((), (`segment`));

-- source orders (databricks)
-- orders: file data, shown as a table named 'orders' as if loaded into databricks
SET TIME ZONE 'UTC';

-- 6 measures (overall)
WITH
  cx_raw AS (
    SELECT
      `status` AS `cx_c0_v`,
      `amount` AS `cx_c1_v`,
      `customer` AS `cx_c2_v`,
      `region` AS `cx_c3_v`,
      `placed_at` AS `cx_c4_v`,
      `promised_at` AS `cx_c5_v`,
      `delivered_at` AS `cx_c6_v`,
      `channel` AS `cx_c7_v`
    FROM `orders`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS STRING) AS `status`,
      CAST(`cx_c1_v` AS DOUBLE) AS `amount`,
      CAST(`cx_c2_v` AS STRING) AS `customer`,
      CAST(`cx_c3_v` AS STRING) AS `region`,
      CAST(`cx_c4_v` AS DATE) AS `placed_at`,
      CAST(`cx_c5_v` AS DATE) AS `promised_at`,
      CAST(`cx_c6_v` AS DATE) AS `delivered_at`,
      CAST(`cx_c7_v` AS STRING) AS `channel`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, `placed_at` AS cx_day
    FROM cx_src
  )
SELECT
  COUNT(*) AS cx_c0,
  COUNT(*) FILTER (WHERE (`status` IN ('delivered', 'shipped'))) AS cx_c1,
  COUNT(`amount`) FILTER (WHERE (`status` IN ('delivered', 'shipped'))) AS cx_c2,
  SUM(`amount`) FILTER (WHERE (`status` IN ('delivered', 'shipped'))) AS cx_c3,
  VAR_POP(`amount`) FILTER (WHERE (`status` IN ('delivered', 'shipped'))) * COUNT(`amount`) FILTER (WHERE (`status` IN ('delivered', 'shipped'))) AS cx_c4,
  COUNT(`customer`) AS cx_c5,
  COUNT(DISTINCT `customer`) AS cx_c6,
  COUNT(*) FILTER (WHERE (`status` = 'refunded')) AS cx_c7,
  COUNT(*) FILTER (WHERE (`status` <> 'cancelled')) AS cx_c8
FROM cx_rows;

-- 3 measures (by region)
WITH
  cx_raw AS (
    SELECT
      `status` AS `cx_c0_v`,
      `amount` AS `cx_c1_v`,
      `customer` AS `cx_c2_v`,
      `region` AS `cx_c3_v`,
      `placed_at` AS `cx_c4_v`,
      `promised_at` AS `cx_c5_v`,
      `delivered_at` AS `cx_c6_v`,
      `channel` AS `cx_c7_v`
    FROM `orders`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS STRING) AS `status`,
      CAST(`cx_c1_v` AS DOUBLE) AS `amount`,
      CAST(`cx_c2_v` AS STRING) AS `customer`,
      CAST(`cx_c3_v` AS STRING) AS `region`,
      CAST(`cx_c4_v` AS DATE) AS `placed_at`,
      CAST(`cx_c5_v` AS DATE) AS `promised_at`,
      CAST(`cx_c6_v` AS DATE) AS `delivered_at`,
      CAST(`cx_c7_v` AS STRING) AS `channel`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, `placed_at` AS cx_day
    FROM cx_src
  )
SELECT
  GROUPING(`region`) AS cx_c0,
  `region` AS cx_c1,
  COUNT(*) FILTER (WHERE cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AS cx_c2,
  COUNT(*) FILTER (WHERE (cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND ((`delivered_at` <= `promised_at`))) AS cx_c3,
  COUNT(*) FILTER (WHERE (cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND ((`delivered_at` IS NOT NULL))) AS cx_c4
FROM cx_rows
WHERE cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30'
GROUP BY GROUPING SETS ((), (`region`));

-- 2 measures (by channel)
WITH
  cx_raw AS (
    SELECT
      `status` AS `cx_c0_v`,
      `amount` AS `cx_c1_v`,
      `customer` AS `cx_c2_v`,
      `region` AS `cx_c3_v`,
      `placed_at` AS `cx_c4_v`,
      `promised_at` AS `cx_c5_v`,
      `delivered_at` AS `cx_c6_v`,
      `channel` AS `cx_c7_v`
    FROM `orders`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS STRING) AS `status`,
      CAST(`cx_c1_v` AS DOUBLE) AS `amount`,
      CAST(`cx_c2_v` AS STRING) AS `customer`,
      CAST(`cx_c3_v` AS STRING) AS `region`,
      CAST(`cx_c4_v` AS DATE) AS `placed_at`,
      CAST(`cx_c5_v` AS DATE) AS `promised_at`,
      CAST(`cx_c6_v` AS DATE) AS `delivered_at`,
      CAST(`cx_c7_v` AS STRING) AS `channel`
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
  COUNT(*) FILTER (WHERE (`status` = 'returned')) AS cx_c3
FROM cx_rows
GROUP BY GROUPING SETS ((), (`channel`));

-- source surveys (databricks)
-- surveys: file data, shown as a table named 'surveys' as if loaded into databricks
SET TIME ZONE 'UTC';

-- 2 measures (by channel, trend month), scale and division checks
WITH
  cx_raw AS (
    SELECT
      `channel` AS `cx_c0_v`,
      `answered_at` AS `cx_c1_v`,
      `recommend` AS `cx_c2_v`,
      `region` AS `cx_c3_v`,
      `touchpoint` AS `cx_c4_v`,
      `effort` AS `cx_c5_v`,
      `satisfied` AS `cx_c6_v`
    FROM `surveys`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS STRING) AS `channel`,
      CAST(`cx_c1_v` AS DATE) AS `answered_at`,
      CAST(`cx_c2_v` AS DOUBLE) AS `recommend`,
      CAST(`cx_c3_v` AS STRING) AS `region`,
      CAST(`cx_c4_v` AS STRING) AS `touchpoint`,
      CAST(`cx_c5_v` AS DOUBLE) AS `effort`,
      CAST(`cx_c6_v` AS DOUBLE) AS `satisfied`
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
  COUNT(*) FILTER (WHERE `recommend` = floor(`recommend`) AND `recommend` >= 0 AND `recommend` <= 10) AS cx_c5,
  COUNT(*) FILTER (WHERE (`recommend` = floor(`recommend`) AND `recommend` >= 0 AND `recommend` <= 10) AND (`recommend` >= 9)) AS cx_c6,
  COUNT(*) FILTER (WHERE (`recommend` = floor(`recommend`) AND `recommend` >= 0 AND `recommend` <= 10) AND (`recommend` <= 6)) AS cx_c7,
  COUNT(*) FILTER (WHERE `recommend` IS NOT NULL AND (`recommend` < 0 OR `recommend` > 10 OR `recommend` <> floor(`recommend`))) AS cx_c8,
  COUNT(*) FILTER (WHERE `effort` IS NOT NULL AND (`effort` < 1 OR `effort` > 7 OR `effort` <> floor(`effort`))) AS cx_c9,
  COUNT(*) FILTER (WHERE `satisfied` IS NOT NULL AND (`satisfied` < 1 OR `satisfied` > 5 OR `satisfied` <> floor(`satisfied`))) AS cx_c10
FROM cx_keyed
GROUP BY GROUPING SETS ((), (`channel`), (cx_period));

-- 13 measures (overall)
WITH
  cx_raw AS (
    SELECT
      `channel` AS `cx_c0_v`,
      `answered_at` AS `cx_c1_v`,
      `recommend` AS `cx_c2_v`,
      `region` AS `cx_c3_v`,
      `touchpoint` AS `cx_c4_v`,
      `effort` AS `cx_c5_v`,
      `satisfied` AS `cx_c6_v`
    FROM `surveys`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS STRING) AS `channel`,
      CAST(`cx_c1_v` AS DATE) AS `answered_at`,
      CAST(`cx_c2_v` AS DOUBLE) AS `recommend`,
      CAST(`cx_c3_v` AS STRING) AS `region`,
      CAST(`cx_c4_v` AS STRING) AS `touchpoint`,
      CAST(`cx_c5_v` AS DOUBLE) AS `effort`,
      CAST(`cx_c6_v` AS DOUBLE) AS `satisfied`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, `answered_at` AS cx_day
    FROM cx_src
  )
SELECT
  COUNT(*) FILTER (WHERE cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AS cx_c0,
  COUNT(*) FILTER (WHERE (cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND (`recommend` = floor(`recommend`) AND `recommend` >= 0 AND `recommend` <= 10)) AS cx_c1,
  COUNT(*) FILTER (WHERE ((cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND (`recommend` = floor(`recommend`) AND `recommend` >= 0 AND `recommend` <= 10)) AND (`recommend` >= 9)) AS cx_c2,
  COUNT(*) FILTER (WHERE ((cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND (`recommend` = floor(`recommend`) AND `recommend` >= 0 AND `recommend` <= 10)) AND (`recommend` <= 6)) AS cx_c3,
  COUNT(*) AS cx_c4,
  COUNT(*) FILTER (WHERE (`touchpoint` = 'checkout')) AS cx_c5,
  COUNT(*) FILTER (WHERE ((`touchpoint` = 'checkout')) AND (`effort` = floor(`effort`) AND `effort` >= 1 AND `effort` <= 7)) AS cx_c6,
  SUM(`effort`) FILTER (WHERE ((`touchpoint` = 'checkout')) AND (`effort` = floor(`effort`) AND `effort` >= 1 AND `effort` <= 7)) AS cx_c7,
  SUM(`effort` * `effort`) FILTER (WHERE ((`touchpoint` = 'checkout')) AND (`effort` = floor(`effort`) AND `effort` >= 1 AND `effort` <= 7)) AS cx_c8,
  COUNT(*) FILTER (WHERE (`touchpoint` = 'returns')) AS cx_c9,
  COUNT(*) FILTER (WHERE ((`touchpoint` = 'returns')) AND (`effort` = floor(`effort`) AND `effort` >= 1 AND `effort` <= 7)) AS cx_c10,
  SUM(`effort`) FILTER (WHERE ((`touchpoint` = 'returns')) AND (`effort` = floor(`effort`) AND `effort` >= 1 AND `effort` <= 7)) AS cx_c11,
  SUM(`effort` * `effort`) FILTER (WHERE ((`touchpoint` = 'returns')) AND (`effort` = floor(`effort`) AND `effort` >= 1 AND `effort` <= 7)) AS cx_c12,
  COUNT(*) FILTER (WHERE (`touchpoint` = 'product_page')) AS cx_c13,
  COUNT(*) FILTER (WHERE ((`touchpoint` = 'product_page')) AND (`satisfied` = floor(`satisfied`) AND `satisfied` >= 1 AND `satisfied` <= 5)) AS cx_c14,
  COUNT(*) FILTER (WHERE (((`touchpoint` = 'product_page')) AND (`satisfied` = floor(`satisfied`) AND `satisfied` >= 1 AND `satisfied` <= 5)) AND (`satisfied` >= 4)) AS cx_c15,
  COUNT(*) FILTER (WHERE ((`touchpoint` = 'checkout')) AND (`satisfied` = floor(`satisfied`) AND `satisfied` >= 1 AND `satisfied` <= 5)) AS cx_c16,
  COUNT(*) FILTER (WHERE (((`touchpoint` = 'checkout')) AND (`satisfied` = floor(`satisfied`) AND `satisfied` >= 1 AND `satisfied` <= 5)) AND (`satisfied` >= 4)) AS cx_c17,
  COUNT(*) FILTER (WHERE (`touchpoint` = 'store')) AS cx_c18,
  COUNT(*) FILTER (WHERE ((`touchpoint` = 'store')) AND (`satisfied` = floor(`satisfied`) AND `satisfied` >= 1 AND `satisfied` <= 5)) AS cx_c19,
  COUNT(*) FILTER (WHERE (((`touchpoint` = 'store')) AND (`satisfied` = floor(`satisfied`) AND `satisfied` >= 1 AND `satisfied` <= 5)) AND (`satisfied` >= 4)) AS cx_c20,
  COUNT(*) FILTER (WHERE ((`touchpoint` = 'returns')) AND (`satisfied` = floor(`satisfied`) AND `satisfied` >= 1 AND `satisfied` <= 5)) AS cx_c21,
  COUNT(*) FILTER (WHERE (((`touchpoint` = 'returns')) AND (`satisfied` = floor(`satisfied`) AND `satisfied` >= 1 AND `satisfied` <= 5)) AND (`satisfied` >= 4)) AS cx_c22
FROM cx_rows;

-- 3 measures (by region, trend month)
WITH
  cx_raw AS (
    SELECT
      `channel` AS `cx_c0_v`,
      `answered_at` AS `cx_c1_v`,
      `recommend` AS `cx_c2_v`,
      `region` AS `cx_c3_v`,
      `touchpoint` AS `cx_c4_v`,
      `effort` AS `cx_c5_v`,
      `satisfied` AS `cx_c6_v`
    FROM `surveys`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS STRING) AS `channel`,
      CAST(`cx_c1_v` AS DATE) AS `answered_at`,
      CAST(`cx_c2_v` AS DOUBLE) AS `recommend`,
      CAST(`cx_c3_v` AS STRING) AS `region`,
      CAST(`cx_c4_v` AS STRING) AS `touchpoint`,
      CAST(`cx_c5_v` AS DOUBLE) AS `effort`,
      CAST(`cx_c6_v` AS DOUBLE) AS `satisfied`
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
  GROUPING(`region`) AS cx_c0,
  GROUPING(cx_period) AS cx_c1,
  `region` AS cx_c2,
  cx_period AS cx_c3,
  COUNT(*) AS cx_c4,
  COUNT(*) FILTER (WHERE (`touchpoint` = 'delivery')) AS cx_c5,
  COUNT(*) FILTER (WHERE ((`touchpoint` = 'delivery')) AND (`recommend` = floor(`recommend`) AND `recommend` >= 0 AND `recommend` <= 10)) AS cx_c6,
  COUNT(*) FILTER (WHERE (((`touchpoint` = 'delivery')) AND (`recommend` = floor(`recommend`) AND `recommend` >= 0 AND `recommend` <= 10)) AND (`recommend` >= 9)) AS cx_c7,
  COUNT(*) FILTER (WHERE (((`touchpoint` = 'delivery')) AND (`recommend` = floor(`recommend`) AND `recommend` >= 0 AND `recommend` <= 10)) AND (`recommend` <= 6)) AS cx_c8
FROM cx_keyed
GROUP BY GROUPING SETS ((), (`region`), (cx_period));

-- 3 measures (by channel, region)
WITH
  cx_raw AS (
    SELECT
      `channel` AS `cx_c0_v`,
      `answered_at` AS `cx_c1_v`,
      `recommend` AS `cx_c2_v`,
      `region` AS `cx_c3_v`,
      `touchpoint` AS `cx_c4_v`,
      `effort` AS `cx_c5_v`,
      `satisfied` AS `cx_c6_v`
    FROM `surveys`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS STRING) AS `channel`,
      CAST(`cx_c1_v` AS DATE) AS `answered_at`,
      CAST(`cx_c2_v` AS DOUBLE) AS `recommend`,
      CAST(`cx_c3_v` AS STRING) AS `region`,
      CAST(`cx_c4_v` AS STRING) AS `touchpoint`,
      CAST(`cx_c5_v` AS DOUBLE) AS `effort`,
      CAST(`cx_c6_v` AS DOUBLE) AS `satisfied`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, `answered_at` AS cx_day
    FROM cx_src
  )
SELECT
  GROUPING(`channel`) AS cx_c0,
  `channel` AS cx_c1,
  `region` AS cx_c2,
  COUNT(*) AS cx_c3,
  COUNT(*) FILTER (WHERE (`touchpoint` = 'delivery')) AS cx_c4,
  COUNT(*) FILTER (WHERE ((`touchpoint` = 'delivery')) AND (`satisfied` = floor(`satisfied`) AND `satisfied` >= 1 AND `satisfied` <= 5)) AS cx_c5,
  COUNT(*) FILTER (WHERE (((`touchpoint` = 'delivery')) AND (`satisfied` = floor(`satisfied`) AND `satisfied` >= 1 AND `satisfied` <= 5)) AND (`satisfied` >= 4)) AS cx_c6
FROM cx_rows
GROUP BY GROUPING SETS ((), (`channel`, `region`));

-- source tickets (databricks)
-- tickets: file data, shown as a table named 'tickets' as if loaded into databricks
SET TIME ZONE 'UTC';

-- 2 measures (by channel, trend month), scale and division checks
WITH
  cx_raw AS (
    SELECT
      `channel` AS `cx_c0_v`,
      `opened_at` AS `cx_c1_v`,
      `first_response_minutes` AS `cx_c2_v`,
      `resolved` AS `cx_c3_v`,
      `reopened` AS `cx_c4_v`,
      `satisfied` AS `cx_c5_v`
    FROM `tickets`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS STRING) AS `channel`,
      CAST(`cx_c1_v` AS TIMESTAMP) AS `opened_at`,
      CAST(`cx_c2_v` AS DOUBLE) AS `first_response_minutes`,
      CAST(`cx_c3_v` AS BOOLEAN) AS `resolved`,
      CAST(`cx_c4_v` AS BOOLEAN) AS `reopened`,
      CAST(`cx_c5_v` AS DOUBLE) AS `satisfied`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, CAST(from_utc_timestamp(`opened_at`, 'UTC') AS DATE) AS cx_day
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
  COUNT(`first_response_minutes`) AS cx_c5,
  percentile_cont(CAST(0.5 AS DOUBLE)) WITHIN GROUP (ORDER BY `first_response_minutes`) AS cx_c6,
  COUNT(*) FILTER (WHERE `satisfied` IS NOT NULL AND (`satisfied` < 1 OR `satisfied` > 5 OR `satisfied` <> floor(`satisfied`))) AS cx_c7
FROM cx_keyed
GROUP BY GROUPING SETS ((), (`channel`), (cx_period));

-- 2 measures (trend month)
WITH
  cx_raw AS (
    SELECT
      `channel` AS `cx_c0_v`,
      `opened_at` AS `cx_c1_v`,
      `first_response_minutes` AS `cx_c2_v`,
      `resolved` AS `cx_c3_v`,
      `reopened` AS `cx_c4_v`,
      `satisfied` AS `cx_c5_v`
    FROM `tickets`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS STRING) AS `channel`,
      CAST(`cx_c1_v` AS TIMESTAMP) AS `opened_at`,
      CAST(`cx_c2_v` AS DOUBLE) AS `first_response_minutes`,
      CAST(`cx_c3_v` AS BOOLEAN) AS `resolved`,
      CAST(`cx_c4_v` AS BOOLEAN) AS `reopened`,
      CAST(`cx_c5_v` AS DOUBLE) AS `satisfied`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, CAST(from_utc_timestamp(`opened_at`, 'UTC') AS DATE) AS cx_day
    FROM cx_src
  ),
  cx_keyed AS (
    SELECT *, (extract(YEAR FROM cx_day) * 12 + extract(MONTH FROM cx_day) - 1) AS cx_period
    FROM cx_rows
  )
SELECT
  GROUPING(cx_period) AS cx_c0,
  cx_period AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(*) FILTER (WHERE (`resolved` = TRUE)) AS cx_c3
FROM cx_keyed
GROUP BY GROUPING SETS ((), (cx_period));

-- 3 measures (overall)
WITH
  cx_raw AS (
    SELECT
      `channel` AS `cx_c0_v`,
      `opened_at` AS `cx_c1_v`,
      `first_response_minutes` AS `cx_c2_v`,
      `resolved` AS `cx_c3_v`,
      `reopened` AS `cx_c4_v`,
      `satisfied` AS `cx_c5_v`
    FROM `tickets`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS STRING) AS `channel`,
      CAST(`cx_c1_v` AS TIMESTAMP) AS `opened_at`,
      CAST(`cx_c2_v` AS DOUBLE) AS `first_response_minutes`,
      CAST(`cx_c3_v` AS BOOLEAN) AS `resolved`,
      CAST(`cx_c4_v` AS BOOLEAN) AS `reopened`,
      CAST(`cx_c5_v` AS DOUBLE) AS `satisfied`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, CAST(from_utc_timestamp(`opened_at`, 'UTC') AS DATE) AS cx_day
    FROM cx_src
  )
SELECT
  COUNT(*) AS cx_c0,
  COUNT(*) FILTER (WHERE (`reopened` = TRUE)) AS cx_c1,
  COUNT(*) FILTER (WHERE (`resolved` = TRUE)) AS cx_c2
FROM cx_rows;

-- 2 measures (by channel)
WITH
  cx_raw AS (
    SELECT
      `channel` AS `cx_c0_v`,
      `opened_at` AS `cx_c1_v`,
      `first_response_minutes` AS `cx_c2_v`,
      `resolved` AS `cx_c3_v`,
      `reopened` AS `cx_c4_v`,
      `satisfied` AS `cx_c5_v`
    FROM `tickets`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS STRING) AS `channel`,
      CAST(`cx_c1_v` AS TIMESTAMP) AS `opened_at`,
      CAST(`cx_c2_v` AS DOUBLE) AS `first_response_minutes`,
      CAST(`cx_c3_v` AS BOOLEAN) AS `resolved`,
      CAST(`cx_c4_v` AS BOOLEAN) AS `reopened`,
      CAST(`cx_c5_v` AS DOUBLE) AS `satisfied`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, CAST(from_utc_timestamp(`opened_at`, 'UTC') AS DATE) AS cx_day
    FROM cx_src
  )
SELECT
  GROUPING(`channel`) AS cx_c0,
  `channel` AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(*) FILTER (WHERE `satisfied` = floor(`satisfied`) AND `satisfied` >= 1 AND `satisfied` <= 5) AS cx_c3,
  COUNT(*) FILTER (WHERE (`satisfied` = floor(`satisfied`) AND `satisfied` >= 1 AND `satisfied` <= 5) AND (`satisfied` >= 4)) AS cx_c4
FROM cx_rows
GROUP BY GROUPING SETS ((), (`channel`));
