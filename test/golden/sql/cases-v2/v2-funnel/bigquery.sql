-- cx sql --dialect bigquery (as of 2026-06-30, zone UTC)
-- source events (bigquery)
-- events: file data, shown as a table named 'events' as if loaded into bigquery

-- funnel purchase: customers reaching each of 4 steps
WITH
  cx_raw AS (
    SELECT
      `at` AS `cx_c0_v`,
      `customer_id` AS `cx_c1_v`,
      `device` AS `cx_c2_v`,
      `event` AS `cx_c3_v`
    FROM `events`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS TIMESTAMP) AS `at`,
      CAST(`cx_c1_v` AS STRING) AS `customer_id`,
      CAST(`cx_c2_v` AS STRING) AS `device`,
      CAST(`cx_c3_v` AS STRING) AS `event`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, DATE(`at`, 'UTC') AS cx_day
    FROM cx_src
  ),
  cx_ev AS (
    SELECT `customer_id` AS cx_id, CAST(UNIX_MILLIS(`at`) AS FLOAT64) AS cx_t, cx_day AS cx_evday,
      (`event` = 'product_view') AS cx_s1,
      (`event` = 'add_to_cart') AS cx_s2,
      (`event` IN ('checkout_start', 'express_checkout')) AS cx_s3,
      (`event` IN ('order_placed', 'express_checkout')) AS cx_s4
    FROM cx_rows
    WHERE `customer_id` IS NOT NULL AND `at` IS NOT NULL
  ),
  cx_f1 AS (
    SELECT cx_id, MIN(cx_t) AS cx_t1, MIN(cx_t) AS cx_tk
    FROM cx_ev
    WHERE cx_s1
    GROUP BY cx_id
  ),
  cx_f2 AS (
    SELECT e.cx_id, p.cx_t1, MIN(e.cx_t) AS cx_tk
    FROM cx_ev e
    JOIN cx_f1 p ON e.cx_id = p.cx_id
    WHERE e.cx_s2 AND e.cx_t >= p.cx_tk AND e.cx_t <= p.cx_t1 + 604800000
    GROUP BY e.cx_id, p.cx_t1
  ),
  cx_f3 AS (
    SELECT e.cx_id, p.cx_t1, MIN(e.cx_t) AS cx_tk
    FROM cx_ev e
    JOIN cx_f2 p ON e.cx_id = p.cx_id
    WHERE e.cx_s3 AND e.cx_t >= p.cx_tk AND e.cx_t <= p.cx_t1 + 604800000
    GROUP BY e.cx_id, p.cx_t1
  ),
  cx_f4 AS (
    SELECT e.cx_id, p.cx_t1, MIN(e.cx_t) AS cx_tk
    FROM cx_ev e
    JOIN cx_f3 p ON e.cx_id = p.cx_id
    WHERE e.cx_s4 AND e.cx_t >= p.cx_tk AND e.cx_t <= p.cx_t1 + 604800000
    GROUP BY e.cx_id, p.cx_t1
  )
SELECT
  cx_n1.cx_n AS cx_c0,
  cx_n2.cx_n AS cx_c1,
  cx_n3.cx_n AS cx_c2,
  cx_n4.cx_n AS cx_c3
FROM (SELECT COUNT(*) AS cx_n FROM cx_f1) AS cx_n1
CROSS JOIN (SELECT COUNT(*) AS cx_n FROM cx_f2) AS cx_n2
CROSS JOIN (SELECT COUNT(*) AS cx_n FROM cx_f3) AS cx_n3
CROSS JOIN (SELECT COUNT(*) AS cx_n FROM cx_f4) AS cx_n4;

-- funnel purchase_last_30_days: customers reaching each of 4 steps
WITH
  cx_raw AS (
    SELECT
      `at` AS `cx_c0_v`,
      `customer_id` AS `cx_c1_v`,
      `device` AS `cx_c2_v`,
      `event` AS `cx_c3_v`
    FROM `events`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS TIMESTAMP) AS `at`,
      CAST(`cx_c1_v` AS STRING) AS `customer_id`,
      CAST(`cx_c2_v` AS STRING) AS `device`,
      CAST(`cx_c3_v` AS STRING) AS `event`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, DATE(`at`, 'UTC') AS cx_day
    FROM cx_src
  ),
  cx_ev AS (
    SELECT `customer_id` AS cx_id, CAST(UNIX_MILLIS(`at`) AS FLOAT64) AS cx_t, cx_day AS cx_evday,
      (`event` = 'product_view') AS cx_s1,
      (`event` = 'add_to_cart') AS cx_s2,
      (`event` IN ('checkout_start', 'express_checkout')) AS cx_s3,
      (`event` IN ('order_placed', 'express_checkout')) AS cx_s4
    FROM cx_rows
    WHERE `customer_id` IS NOT NULL AND `at` IS NOT NULL
  ),
  cx_f1 AS (
    SELECT cx_id, MIN(cx_t) AS cx_t1, MIN(cx_t) AS cx_tk
    FROM cx_ev
    WHERE cx_s1 AND cx_evday > DATE '2026-05-31' AND cx_evday <= DATE '2026-06-30'
    GROUP BY cx_id
  ),
  cx_f2 AS (
    SELECT e.cx_id, p.cx_t1, MIN(e.cx_t) AS cx_tk
    FROM cx_ev e
    JOIN cx_f1 p ON e.cx_id = p.cx_id
    WHERE e.cx_s2 AND e.cx_t >= p.cx_tk AND e.cx_t <= p.cx_t1 + 604800000
    GROUP BY e.cx_id, p.cx_t1
  ),
  cx_f3 AS (
    SELECT e.cx_id, p.cx_t1, MIN(e.cx_t) AS cx_tk
    FROM cx_ev e
    JOIN cx_f2 p ON e.cx_id = p.cx_id
    WHERE e.cx_s3 AND e.cx_t >= p.cx_tk AND e.cx_t <= p.cx_t1 + 604800000
    GROUP BY e.cx_id, p.cx_t1
  ),
  cx_f4 AS (
    SELECT e.cx_id, p.cx_t1, MIN(e.cx_t) AS cx_tk
    FROM cx_ev e
    JOIN cx_f3 p ON e.cx_id = p.cx_id
    WHERE e.cx_s4 AND e.cx_t >= p.cx_tk AND e.cx_t <= p.cx_t1 + 604800000
    GROUP BY e.cx_id, p.cx_t1
  )
SELECT
  cx_n1.cx_n AS cx_c0,
  cx_n2.cx_n AS cx_c1,
  cx_n3.cx_n AS cx_c2,
  cx_n4.cx_n AS cx_c3
FROM (SELECT COUNT(*) AS cx_n FROM cx_f1) AS cx_n1
CROSS JOIN (SELECT COUNT(*) AS cx_n FROM cx_f2) AS cx_n2
CROSS JOIN (SELECT COUNT(*) AS cx_n FROM cx_f3) AS cx_n3
CROSS JOIN (SELECT COUNT(*) AS cx_n FROM cx_f4) AS cx_n4;

-- funnel view_to_order: customers reaching each of 2 steps
WITH
  cx_raw AS (
    SELECT
      `at` AS `cx_c0_v`,
      `customer_id` AS `cx_c1_v`,
      `device` AS `cx_c2_v`,
      `event` AS `cx_c3_v`
    FROM `events`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS TIMESTAMP) AS `at`,
      CAST(`cx_c1_v` AS STRING) AS `customer_id`,
      CAST(`cx_c2_v` AS STRING) AS `device`,
      CAST(`cx_c3_v` AS STRING) AS `event`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, DATE(`at`, 'UTC') AS cx_day
    FROM cx_src
  ),
  cx_ev AS (
    SELECT `customer_id` AS cx_id, CAST(UNIX_MILLIS(`at`) AS FLOAT64) AS cx_t, cx_day AS cx_evday,
      (`event` = 'product_view') AS cx_s1,
      (`event` = 'order_placed') AS cx_s2
    FROM cx_rows
    WHERE `customer_id` IS NOT NULL AND `at` IS NOT NULL
  ),
  cx_f1 AS (
    SELECT cx_id, MIN(cx_t) AS cx_t1, MIN(cx_t) AS cx_tk
    FROM cx_ev
    WHERE cx_s1
    GROUP BY cx_id
  ),
  cx_f2 AS (
    SELECT e.cx_id, p.cx_t1, MIN(e.cx_t) AS cx_tk
    FROM cx_ev e
    JOIN cx_f1 p ON e.cx_id = p.cx_id
    WHERE e.cx_s2 AND e.cx_t >= p.cx_tk
    GROUP BY e.cx_id, p.cx_t1
  )
SELECT
  cx_n1.cx_n AS cx_c0,
  cx_n2.cx_n AS cx_c1
FROM (SELECT COUNT(*) AS cx_n FROM cx_f1) AS cx_n1
CROSS JOIN (SELECT COUNT(*) AS cx_n FROM cx_f2) AS cx_n2;

-- funnel quick_app_cart: customers reaching each of 2 steps
WITH
  cx_raw AS (
    SELECT
      `at` AS `cx_c0_v`,
      `customer_id` AS `cx_c1_v`,
      `device` AS `cx_c2_v`,
      `event` AS `cx_c3_v`
    FROM `events`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS TIMESTAMP) AS `at`,
      CAST(`cx_c1_v` AS STRING) AS `customer_id`,
      CAST(`cx_c2_v` AS STRING) AS `device`,
      CAST(`cx_c3_v` AS STRING) AS `event`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, DATE(`at`, 'UTC') AS cx_day
    FROM cx_src
  ),
  cx_ev AS (
    SELECT `customer_id` AS cx_id, CAST(UNIX_MILLIS(`at`) AS FLOAT64) AS cx_t, cx_day AS cx_evday,
      ((`event` = 'product_view') AND (`device` = 'app')) AS cx_s1,
      (`event` = 'add_to_cart') AS cx_s2
    FROM cx_rows
    WHERE `customer_id` IS NOT NULL AND `at` IS NOT NULL
  ),
  cx_f1 AS (
    SELECT cx_id, MIN(cx_t) AS cx_t1, MIN(cx_t) AS cx_tk
    FROM cx_ev
    WHERE cx_s1
    GROUP BY cx_id
  ),
  cx_f2 AS (
    SELECT e.cx_id, p.cx_t1, MIN(e.cx_t) AS cx_tk
    FROM cx_ev e
    JOIN cx_f1 p ON e.cx_id = p.cx_id
    WHERE e.cx_s2 AND e.cx_t >= p.cx_tk AND e.cx_t <= p.cx_t1 + 1800000
    GROUP BY e.cx_id, p.cx_t1
  )
SELECT
  cx_n1.cx_n AS cx_c0,
  cx_n2.cx_n AS cx_c1
FROM (SELECT COUNT(*) AS cx_n FROM cx_f1) AS cx_n1
CROSS JOIN (SELECT COUNT(*) AS cx_n FROM cx_f2) AS cx_n2;

-- funnel handpicked: customers reaching each of 4 steps
WITH
  cx_raw AS (
    SELECT
      `at` AS `cx_c0_v`,
      `customer_id` AS `cx_c1_v`,
      `device` AS `cx_c2_v`,
      `event` AS `cx_c3_v`
    FROM `events`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS TIMESTAMP) AS `at`,
      CAST(`cx_c1_v` AS STRING) AS `customer_id`,
      CAST(`cx_c2_v` AS STRING) AS `device`,
      CAST(`cx_c3_v` AS STRING) AS `event`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, DATE(`at`, 'UTC') AS cx_day
    FROM cx_src
  ),
  cx_ev AS (
    SELECT `customer_id` AS cx_id, CAST(UNIX_MILLIS(`at`) AS FLOAT64) AS cx_t, cx_day AS cx_evday,
      ((`event` = 'product_view') AND STARTS_WITH(`customer_id`, 'H')) AS cx_s1,
      (`event` = 'add_to_cart') AS cx_s2,
      (`event` IN ('checkout_start', 'express_checkout')) AS cx_s3,
      (`event` IN ('order_placed', 'express_checkout')) AS cx_s4
    FROM cx_rows
    WHERE `customer_id` IS NOT NULL AND `at` IS NOT NULL
  ),
  cx_f1 AS (
    SELECT cx_id, MIN(cx_t) AS cx_t1, MIN(cx_t) AS cx_tk
    FROM cx_ev
    WHERE cx_s1
    GROUP BY cx_id
  ),
  cx_f2 AS (
    SELECT e.cx_id, p.cx_t1, MIN(e.cx_t) AS cx_tk
    FROM cx_ev e
    JOIN cx_f1 p ON e.cx_id = p.cx_id
    WHERE e.cx_s2 AND e.cx_t >= p.cx_tk AND e.cx_t <= p.cx_t1 + 604800000
    GROUP BY e.cx_id, p.cx_t1
  ),
  cx_f3 AS (
    SELECT e.cx_id, p.cx_t1, MIN(e.cx_t) AS cx_tk
    FROM cx_ev e
    JOIN cx_f2 p ON e.cx_id = p.cx_id
    WHERE e.cx_s3 AND e.cx_t >= p.cx_tk AND e.cx_t <= p.cx_t1 + 604800000
    GROUP BY e.cx_id, p.cx_t1
  ),
  cx_f4 AS (
    SELECT e.cx_id, p.cx_t1, MIN(e.cx_t) AS cx_tk
    FROM cx_ev e
    JOIN cx_f3 p ON e.cx_id = p.cx_id
    WHERE e.cx_s4 AND e.cx_t >= p.cx_tk AND e.cx_t <= p.cx_t1 + 604800000
    GROUP BY e.cx_id, p.cx_t1
  )
SELECT
  cx_n1.cx_n AS cx_c0,
  cx_n2.cx_n AS cx_c1,
  cx_n3.cx_n AS cx_c2,
  cx_n4.cx_n AS cx_c3
FROM (SELECT COUNT(*) AS cx_n FROM cx_f1) AS cx_n1
CROSS JOIN (SELECT COUNT(*) AS cx_n FROM cx_f2) AS cx_n2
CROSS JOIN (SELECT COUNT(*) AS cx_n FROM cx_f3) AS cx_n3
CROSS JOIN (SELECT COUNT(*) AS cx_n FROM cx_f4) AS cx_n4;

-- funnel handpicked_30_days: customers reaching each of 4 steps
WITH
  cx_raw AS (
    SELECT
      `at` AS `cx_c0_v`,
      `customer_id` AS `cx_c1_v`,
      `device` AS `cx_c2_v`,
      `event` AS `cx_c3_v`
    FROM `events`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS TIMESTAMP) AS `at`,
      CAST(`cx_c1_v` AS STRING) AS `customer_id`,
      CAST(`cx_c2_v` AS STRING) AS `device`,
      CAST(`cx_c3_v` AS STRING) AS `event`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, DATE(`at`, 'UTC') AS cx_day
    FROM cx_src
  ),
  cx_ev AS (
    SELECT `customer_id` AS cx_id, CAST(UNIX_MILLIS(`at`) AS FLOAT64) AS cx_t, cx_day AS cx_evday,
      ((`event` = 'product_view') AND STARTS_WITH(`customer_id`, 'H')) AS cx_s1,
      (`event` = 'add_to_cart') AS cx_s2,
      (`event` IN ('checkout_start', 'express_checkout')) AS cx_s3,
      (`event` IN ('order_placed', 'express_checkout')) AS cx_s4
    FROM cx_rows
    WHERE `customer_id` IS NOT NULL AND `at` IS NOT NULL
  ),
  cx_f1 AS (
    SELECT cx_id, MIN(cx_t) AS cx_t1, MIN(cx_t) AS cx_tk
    FROM cx_ev
    WHERE cx_s1 AND cx_evday > DATE '2026-05-31' AND cx_evday <= DATE '2026-06-30'
    GROUP BY cx_id
  ),
  cx_f2 AS (
    SELECT e.cx_id, p.cx_t1, MIN(e.cx_t) AS cx_tk
    FROM cx_ev e
    JOIN cx_f1 p ON e.cx_id = p.cx_id
    WHERE e.cx_s2 AND e.cx_t >= p.cx_tk AND e.cx_t <= p.cx_t1 + 604800000
    GROUP BY e.cx_id, p.cx_t1
  ),
  cx_f3 AS (
    SELECT e.cx_id, p.cx_t1, MIN(e.cx_t) AS cx_tk
    FROM cx_ev e
    JOIN cx_f2 p ON e.cx_id = p.cx_id
    WHERE e.cx_s3 AND e.cx_t >= p.cx_tk AND e.cx_t <= p.cx_t1 + 604800000
    GROUP BY e.cx_id, p.cx_t1
  ),
  cx_f4 AS (
    SELECT e.cx_id, p.cx_t1, MIN(e.cx_t) AS cx_tk
    FROM cx_ev e
    JOIN cx_f3 p ON e.cx_id = p.cx_id
    WHERE e.cx_s4 AND e.cx_t >= p.cx_tk AND e.cx_t <= p.cx_t1 + 604800000
    GROUP BY e.cx_id, p.cx_t1
  )
SELECT
  cx_n1.cx_n AS cx_c0,
  cx_n2.cx_n AS cx_c1,
  cx_n3.cx_n AS cx_c2,
  cx_n4.cx_n AS cx_c3
FROM (SELECT COUNT(*) AS cx_n FROM cx_f1) AS cx_n1
CROSS JOIN (SELECT COUNT(*) AS cx_n FROM cx_f2) AS cx_n2
CROSS JOIN (SELECT COUNT(*) AS cx_n FROM cx_f3) AS cx_n3
CROSS JOIN (SELECT COUNT(*) AS cx_n FROM cx_f4) AS cx_n4;
