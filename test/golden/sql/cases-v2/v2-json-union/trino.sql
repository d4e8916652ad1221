-- cx sql --dialect trino (as of 2026-06-30, zone UTC)
-- source tickets_raw (trino)
-- tickets_raw: file data, shown as a table named 'tickets_raw' as if loaded into trino

-- 1 measure (by channel), scale and division checks
WITH
  cx_raw AS (
    SELECT
      "channel" AS "cx_c0_v",
      "csat" AS "cx_c1_v",
      "reopened" AS "cx_c2_v",
      "handle_minutes" AS "cx_c3_v",
      "priority" AS "cx_c4_v",
      "opened" AS "cx_c5_v"
    FROM "tickets_raw"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS varchar) AS "channel",
      CAST("cx_c1_v" AS double) AS "csat",
      CAST("cx_c2_v" AS boolean) AS "reopened",
      CAST("cx_c3_v" AS double) AS "handle_minutes",
      CAST("cx_c4_v" AS varchar) AS "priority",
      CAST("cx_c5_v" AS date) AS "opened"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, "opened" AS cx_day
    FROM cx_src
  )
SELECT
  GROUPING("channel") AS cx_c0,
  "channel" AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(*) FILTER (WHERE "csat" IS NOT NULL AND ("csat" < 1 OR "csat" > 5 OR "csat" <> floor("csat"))) AS cx_c3
FROM cx_rows
GROUP BY GROUPING SETS ((), ("channel"));

-- 5 measures (overall)
WITH
  cx_raw AS (
    SELECT
      "channel" AS "cx_c0_v",
      "csat" AS "cx_c1_v",
      "reopened" AS "cx_c2_v",
      "handle_minutes" AS "cx_c3_v",
      "priority" AS "cx_c4_v",
      "opened" AS "cx_c5_v"
    FROM "tickets_raw"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS varchar) AS "channel",
      CAST("cx_c1_v" AS double) AS "csat",
      CAST("cx_c2_v" AS boolean) AS "reopened",
      CAST("cx_c3_v" AS double) AS "handle_minutes",
      CAST("cx_c4_v" AS varchar) AS "priority",
      CAST("cx_c5_v" AS date) AS "opened"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, "opened" AS cx_day
    FROM cx_src
  )
SELECT
  COUNT(*) AS cx_c0,
  COUNT(*) FILTER (WHERE "csat" = floor("csat") AND "csat" >= 1 AND "csat" <= 5) AS cx_c1,
  COUNT(*) FILTER (WHERE ("csat" = floor("csat") AND "csat" >= 1 AND "csat" <= 5) AND ("csat" >= 4)) AS cx_c2,
  COUNT(*) FILTER (WHERE ("reopened" = TRUE)) AS cx_c3,
  COUNT("handle_minutes") AS cx_c4,
  SUM("handle_minutes") AS cx_c5,
  VAR_POP("handle_minutes") * COUNT("handle_minutes") AS cx_c6,
  COUNT(*) FILTER (WHERE ("priority" IS NULL)) AS cx_c7
FROM cx_rows;

-- source tickets (trino)
-- tickets: file data, shown as a table named 'tickets' as if loaded into trino

-- 2 measures (by tier), scale and division checks
WITH
  cx_raw AS (
    SELECT
      "tier" AS "cx_c0_v",
      "csat" AS "cx_c1_v",
      "customer_id" AS "cx_c2_v",
      "opened" AS "cx_c3_v",
      "country" AS "cx_c4_v",
      "reopened" AS "cx_c5_v"
    FROM "tickets"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS varchar) AS "tier",
      CAST("cx_c1_v" AS double) AS "csat",
      CAST("cx_c2_v" AS varchar) AS "customer_id",
      CAST("cx_c3_v" AS date) AS "opened",
      CAST("cx_c4_v" AS varchar) AS "country",
      CAST("cx_c5_v" AS boolean) AS "reopened"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, "opened" AS cx_day
    FROM cx_src
  )
SELECT
  GROUPING("tier") AS cx_c0,
  "tier" AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(*) FILTER (WHERE "csat" = floor("csat") AND "csat" >= 1 AND "csat" <= 5) AS cx_c3,
  COUNT(*) FILTER (WHERE ("csat" = floor("csat") AND "csat" >= 1 AND "csat" <= 5) AND ("csat" >= 4)) AS cx_c4,
  COUNT(*) FILTER (WHERE "csat" IS NOT NULL AND ("csat" < 1 OR "csat" > 5 OR "csat" <> floor("csat"))) AS cx_c5
FROM cx_rows
GROUP BY GROUPING SETS ((), ("tier"));

-- 3 measures (overall)
WITH
  cx_raw AS (
    SELECT
      "tier" AS "cx_c0_v",
      "csat" AS "cx_c1_v",
      "customer_id" AS "cx_c2_v",
      "opened" AS "cx_c3_v",
      "country" AS "cx_c4_v",
      "reopened" AS "cx_c5_v"
    FROM "tickets"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS varchar) AS "tier",
      CAST("cx_c1_v" AS double) AS "csat",
      CAST("cx_c2_v" AS varchar) AS "customer_id",
      CAST("cx_c3_v" AS date) AS "opened",
      CAST("cx_c4_v" AS varchar) AS "country",
      CAST("cx_c5_v" AS boolean) AS "reopened"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, "opened" AS cx_day
    FROM cx_src
  )
SELECT
  COUNT(*) AS cx_c0,
  COUNT("customer_id") AS cx_c1,
  COUNT(DISTINCT "customer_id") AS cx_c2,
  COUNT(*) FILTER (WHERE (("tier" = 'gold') AND ("reopened" = TRUE))) AS cx_c3
FROM cx_rows;

-- 2 measures (trend month)
WITH
  cx_raw AS (
    SELECT
      "tier" AS "cx_c0_v",
      "csat" AS "cx_c1_v",
      "customer_id" AS "cx_c2_v",
      "opened" AS "cx_c3_v",
      "country" AS "cx_c4_v",
      "reopened" AS "cx_c5_v"
    FROM "tickets"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS varchar) AS "tier",
      CAST("cx_c1_v" AS double) AS "csat",
      CAST("cx_c2_v" AS varchar) AS "customer_id",
      CAST("cx_c3_v" AS date) AS "opened",
      CAST("cx_c4_v" AS varchar) AS "country",
      CAST("cx_c5_v" AS boolean) AS "reopened"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, "opened" AS cx_day
    FROM cx_src
  ),
  cx_keyed AS (
    SELECT *, (year(cx_day) * 12 + month(cx_day) - 1) AS cx_period
    FROM cx_rows
  )
SELECT
  GROUPING(cx_period) AS cx_c0,
  cx_period AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(*) FILTER (WHERE ("country" = 'DE')) AS cx_c3
FROM cx_keyed
GROUP BY GROUPING SETS ((), (cx_period));

-- source accounts (trino)
-- accounts: file data, shown as a table named 'accounts' as if loaded into trino

-- 2 measures (by region), scale and division checks
WITH
  cx_raw AS (
    SELECT
      "region" AS "cx_c0_v",
      "nps" AS "cx_c1_v",
      "plan" AS "cx_c2_v",
      "seats" AS "cx_c3_v",
      "renewed" AS "cx_c4_v"
    FROM "accounts"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS varchar) AS "region",
      CAST("cx_c1_v" AS double) AS "nps",
      CAST("cx_c2_v" AS varchar) AS "plan",
      CAST("cx_c3_v" AS double) AS "seats",
      CAST("cx_c4_v" AS boolean) AS "renewed"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *
    FROM cx_src
  )
SELECT
  GROUPING("region") AS cx_c0,
  "region" AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(*) FILTER (WHERE "nps" = floor("nps") AND "nps" >= 0 AND "nps" <= 10) AS cx_c3,
  COUNT(*) FILTER (WHERE ("nps" = floor("nps") AND "nps" >= 0 AND "nps" <= 10) AND ("nps" >= 9)) AS cx_c4,
  COUNT(*) FILTER (WHERE ("nps" = floor("nps") AND "nps" >= 0 AND "nps" <= 10) AND ("nps" <= 6)) AS cx_c5,
  COUNT(*) FILTER (WHERE "nps" IS NOT NULL AND ("nps" < 0 OR "nps" > 10 OR "nps" <> floor("nps"))) AS cx_c6
FROM cx_rows
GROUP BY GROUPING SETS ((), ("region"));

-- 4 measures (overall)
WITH
  cx_raw AS (
    SELECT
      "region" AS "cx_c0_v",
      "nps" AS "cx_c1_v",
      "plan" AS "cx_c2_v",
      "seats" AS "cx_c3_v",
      "renewed" AS "cx_c4_v"
    FROM "accounts"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS varchar) AS "region",
      CAST("cx_c1_v" AS double) AS "nps",
      CAST("cx_c2_v" AS varchar) AS "plan",
      CAST("cx_c3_v" AS double) AS "seats",
      CAST("cx_c4_v" AS boolean) AS "renewed"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *
    FROM cx_src
  )
SELECT
  COUNT(*) AS cx_c0,
  COUNT(*) FILTER (WHERE ("plan" = 'Enterprise')) AS cx_c1,
  COUNT("seats") FILTER (WHERE ("plan" = 'Enterprise')) AS cx_c2,
  SUM("seats") FILTER (WHERE ("plan" = 'Enterprise')) AS cx_c3,
  VAR_POP("seats") FILTER (WHERE ("plan" = 'Enterprise')) * COUNT("seats") FILTER (WHERE ("plan" = 'Enterprise')) AS cx_c4,
  COUNT(*) FILTER (WHERE ("renewed" = TRUE)) AS cx_c5
FROM cx_rows;

-- source accounts_raw (trino)
-- accounts_raw: file data, shown as a table named 'accounts_raw' as if loaded into trino

-- 3 measures (overall), scale and division checks
WITH
  cx_raw AS (
    SELECT
      "nps" AS "cx_c0_v",
      "renewed" AS "cx_c1_v"
    FROM "accounts_raw"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS double) AS "nps",
      CAST("cx_c1_v" AS boolean) AS "renewed"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *
    FROM cx_src
  )
SELECT
  COUNT(*) AS cx_c0,
  COUNT(*) FILTER (WHERE "nps" = floor("nps") AND "nps" >= 0 AND "nps" <= 10) AS cx_c1,
  COUNT(*) FILTER (WHERE ("nps" = floor("nps") AND "nps" >= 0 AND "nps" <= 10) AND ("nps" >= 9)) AS cx_c2,
  COUNT(*) FILTER (WHERE ("nps" = floor("nps") AND "nps" >= 0 AND "nps" <= 10) AND ("nps" <= 6)) AS cx_c3,
  COUNT("renewed") AS cx_c4,
  COUNT(*) FILTER (WHERE "nps" IS NOT NULL AND ("nps" < 0 OR "nps" > 10 OR "nps" <> floor("nps"))) AS cx_c5
FROM cx_rows;

-- source mini_raw (trino)
-- mini_raw: file data, shown as a table named 'mini_raw' as if loaded into trino

-- 1 measure (by channel), scale and division checks
WITH
  cx_raw AS (
    SELECT
      "channel" AS "cx_c0_v",
      "score" AS "cx_c1_v"
    FROM "mini_raw"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS varchar) AS "channel",
      CAST("cx_c1_v" AS double) AS "score"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *
    FROM cx_src
  )
SELECT
  GROUPING("channel") AS cx_c0,
  "channel" AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(*) FILTER (WHERE "score" IS NOT NULL AND ("score" < 0 OR "score" > 10 OR "score" <> floor("score"))) AS cx_c3
FROM cx_rows
GROUP BY GROUPING SETS ((), ("channel"));

-- 2 measures (overall)
WITH
  cx_raw AS (
    SELECT
      "channel" AS "cx_c0_v",
      "score" AS "cx_c1_v"
    FROM "mini_raw"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS varchar) AS "channel",
      CAST("cx_c1_v" AS double) AS "score"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *
    FROM cx_src
  )
SELECT
  COUNT(*) AS cx_c0,
  COUNT(*) FILTER (WHERE "score" = floor("score") AND "score" >= 0 AND "score" <= 10) AS cx_c1,
  COUNT(*) FILTER (WHERE ("score" = floor("score") AND "score" >= 0 AND "score" <= 10) AND ("score" >= 9)) AS cx_c2,
  COUNT(*) FILTER (WHERE ("score" = floor("score") AND "score" >= 0 AND "score" <= 10) AND ("score" <= 6)) AS cx_c3
FROM cx_rows;

-- source mini (trino)
-- mini: file data, shown as a table named 'mini' as if loaded into trino

-- 2 measures (overall)
WITH
  cx_raw AS (
    SELECT
      "city" AS "cx_c0_v"
    FROM "mini"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS varchar) AS "city"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *
    FROM cx_src
  )
SELECT
  COUNT(*) AS cx_c0,
  COUNT(*) FILTER (WHERE ("city" = 'Kiel')) AS cx_c1
FROM cx_rows;
