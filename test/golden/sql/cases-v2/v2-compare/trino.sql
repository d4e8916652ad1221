-- cx sql --dialect trino (as of 2026-06-30, zone UTC)
-- source responses (trino)
-- responses: file data, shown as a table named 'responses' as if loaded into trino

-- 12 measures (by region)
WITH
  cx_raw AS (
    SELECT
      "region" AS "cx_c0_v",
      "answered_at" AS "cx_c1_v",
      "touchpoint" AS "cx_c2_v",
      "recommend" AS "cx_c3_v",
      "satisfied" AS "cx_c4_v",
      "wait_seconds" AS "cx_c5_v",
      "effort" AS "cx_c6_v",
      "resolved" AS "cx_c7_v"
    FROM "responses"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS varchar) AS "region",
      CAST("cx_c1_v" AS date) AS "answered_at",
      CAST("cx_c2_v" AS varchar) AS "touchpoint",
      CAST("cx_c3_v" AS double) AS "recommend",
      CAST("cx_c4_v" AS double) AS "satisfied",
      CAST("cx_c5_v" AS double) AS "wait_seconds",
      CAST("cx_c6_v" AS double) AS "effort",
      CAST("cx_c7_v" AS boolean) AS "resolved"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, "answered_at" AS cx_day
    FROM cx_src
  )
SELECT
  GROUPING("region") AS cx_c0,
  "region" AS cx_c1,
  COUNT(*) FILTER (WHERE cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AS cx_c2,
  COUNT(*) FILTER (WHERE (cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND (("touchpoint" = 'checkout'))) AS cx_c3,
  COUNT(*) FILTER (WHERE ((cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND (("touchpoint" = 'checkout'))) AND ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10)) AS cx_c4,
  COUNT(*) FILTER (WHERE (((cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND (("touchpoint" = 'checkout'))) AND ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10)) AND ("recommend" >= 9)) AS cx_c5,
  COUNT(*) FILTER (WHERE (((cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND (("touchpoint" = 'checkout'))) AND ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10)) AND ("recommend" <= 6)) AS cx_c6,
  COUNT(*) FILTER (WHERE cx_day > DATE '2026-01-01' AND cx_day <= DATE '2026-04-01') AS cx_c7,
  COUNT(*) FILTER (WHERE (cx_day > DATE '2026-01-01' AND cx_day <= DATE '2026-04-01') AND (("touchpoint" = 'checkout'))) AS cx_c8,
  COUNT(*) FILTER (WHERE ((cx_day > DATE '2026-01-01' AND cx_day <= DATE '2026-04-01') AND (("touchpoint" = 'checkout'))) AND ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10)) AS cx_c9,
  COUNT(*) FILTER (WHERE (((cx_day > DATE '2026-01-01' AND cx_day <= DATE '2026-04-01') AND (("touchpoint" = 'checkout'))) AND ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10)) AND ("recommend" >= 9)) AS cx_c10,
  COUNT(*) FILTER (WHERE (((cx_day > DATE '2026-01-01' AND cx_day <= DATE '2026-04-01') AND (("touchpoint" = 'checkout'))) AND ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10)) AND ("recommend" <= 6)) AS cx_c11,
  COUNT(*) FILTER (WHERE cx_day > DATE '2026-05-30' AND cx_day <= DATE '2026-06-30') AS cx_c12,
  COUNT(*) FILTER (WHERE (cx_day > DATE '2026-05-30' AND cx_day <= DATE '2026-06-30') AND (("touchpoint" = 'delivery'))) AS cx_c13,
  COUNT(*) FILTER (WHERE ((cx_day > DATE '2026-05-30' AND cx_day <= DATE '2026-06-30') AND (("touchpoint" = 'delivery'))) AND ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5)) AS cx_c14,
  COUNT(*) FILTER (WHERE (((cx_day > DATE '2026-05-30' AND cx_day <= DATE '2026-06-30') AND (("touchpoint" = 'delivery'))) AND ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5)) AND ("satisfied" >= 4)) AS cx_c15,
  COUNT(*) FILTER (WHERE cx_day > DATE '2026-04-30' AND cx_day <= DATE '2026-05-30') AS cx_c16,
  COUNT(*) FILTER (WHERE (cx_day > DATE '2026-04-30' AND cx_day <= DATE '2026-05-30') AND (("touchpoint" = 'delivery'))) AS cx_c17,
  COUNT(*) FILTER (WHERE ((cx_day > DATE '2026-04-30' AND cx_day <= DATE '2026-05-30') AND (("touchpoint" = 'delivery'))) AND ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5)) AS cx_c18,
  COUNT(*) FILTER (WHERE (((cx_day > DATE '2026-04-30' AND cx_day <= DATE '2026-05-30') AND (("touchpoint" = 'delivery'))) AND ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5)) AND ("satisfied" >= 4)) AS cx_c19
FROM cx_rows
WHERE cx_day > DATE '2026-01-01' AND cx_day <= DATE '2026-06-30'
GROUP BY GROUPING SETS ((), ("region"));

-- 27 measures (overall)
WITH
  cx_raw AS (
    SELECT
      "region" AS "cx_c0_v",
      "answered_at" AS "cx_c1_v",
      "touchpoint" AS "cx_c2_v",
      "recommend" AS "cx_c3_v",
      "satisfied" AS "cx_c4_v",
      "wait_seconds" AS "cx_c5_v",
      "effort" AS "cx_c6_v",
      "resolved" AS "cx_c7_v"
    FROM "responses"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS varchar) AS "region",
      CAST("cx_c1_v" AS date) AS "answered_at",
      CAST("cx_c2_v" AS varchar) AS "touchpoint",
      CAST("cx_c3_v" AS double) AS "recommend",
      CAST("cx_c4_v" AS double) AS "satisfied",
      CAST("cx_c5_v" AS double) AS "wait_seconds",
      CAST("cx_c6_v" AS double) AS "effort",
      CAST("cx_c7_v" AS boolean) AS "resolved"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, "answered_at" AS cx_day
    FROM cx_src
  )
SELECT
  COUNT(*) FILTER (WHERE cx_day > DATE '2026-03-30' AND cx_day <= DATE '2026-06-30') AS cx_c0,
  COUNT(*) FILTER (WHERE (cx_day > DATE '2026-03-30' AND cx_day <= DATE '2026-06-30') AND (("touchpoint" = 'support'))) AS cx_c1,
  COUNT(*) FILTER (WHERE ((cx_day > DATE '2026-03-30' AND cx_day <= DATE '2026-06-30') AND (("touchpoint" = 'support'))) AND ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5)) AS cx_c2,
  COUNT(*) FILTER (WHERE (((cx_day > DATE '2026-03-30' AND cx_day <= DATE '2026-06-30') AND (("touchpoint" = 'support'))) AND ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5)) AND ("satisfied" >= 4)) AS cx_c3,
  COUNT(*) FILTER (WHERE cx_day > DATE '2025-03-30' AND cx_day <= DATE '2025-06-30') AS cx_c4,
  COUNT(*) FILTER (WHERE (cx_day > DATE '2025-03-30' AND cx_day <= DATE '2025-06-30') AND (("touchpoint" = 'support'))) AS cx_c5,
  COUNT(*) FILTER (WHERE ((cx_day > DATE '2025-03-30' AND cx_day <= DATE '2025-06-30') AND (("touchpoint" = 'support'))) AND ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5)) AS cx_c6,
  COUNT(*) FILTER (WHERE (((cx_day > DATE '2025-03-30' AND cx_day <= DATE '2025-06-30') AND (("touchpoint" = 'support'))) AND ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5)) AND ("satisfied" >= 4)) AS cx_c7,
  COUNT(*) FILTER (WHERE cx_day > DATE '2026-05-31' AND cx_day <= DATE '2026-06-30') AS cx_c8,
  COUNT(*) FILTER (WHERE (cx_day > DATE '2026-05-31' AND cx_day <= DATE '2026-06-30') AND (("touchpoint" = 'support'))) AS cx_c9,
  COUNT("wait_seconds") FILTER (WHERE (cx_day > DATE '2026-05-31' AND cx_day <= DATE '2026-06-30') AND (("touchpoint" = 'support'))) AS cx_c10,
  SUM("wait_seconds") FILTER (WHERE (cx_day > DATE '2026-05-31' AND cx_day <= DATE '2026-06-30') AND (("touchpoint" = 'support'))) AS cx_c11,
  VAR_POP("wait_seconds") FILTER (WHERE (cx_day > DATE '2026-05-31' AND cx_day <= DATE '2026-06-30') AND (("touchpoint" = 'support'))) * COUNT("wait_seconds") FILTER (WHERE (cx_day > DATE '2026-05-31' AND cx_day <= DATE '2026-06-30') AND (("touchpoint" = 'support'))) AS cx_c12,
  COUNT(*) FILTER (WHERE cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-05-31') AS cx_c13,
  COUNT(*) FILTER (WHERE (cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-05-31') AND (("touchpoint" = 'support'))) AS cx_c14,
  COUNT("wait_seconds") FILTER (WHERE (cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-05-31') AND (("touchpoint" = 'support'))) AS cx_c15,
  SUM("wait_seconds") FILTER (WHERE (cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-05-31') AND (("touchpoint" = 'support'))) AS cx_c16,
  VAR_POP("wait_seconds") FILTER (WHERE (cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-05-31') AND (("touchpoint" = 'support'))) * COUNT("wait_seconds") FILTER (WHERE (cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-05-31') AND (("touchpoint" = 'support'))) AS cx_c17,
  COUNT(*) FILTER (WHERE cx_day > DATE '2026-05-05' AND cx_day <= DATE '2026-06-30') AS cx_c18,
  COUNT(*) FILTER (WHERE (cx_day > DATE '2026-05-05' AND cx_day <= DATE '2026-06-30') AND ("effort" = floor("effort") AND "effort" >= 1 AND "effort" <= 7)) AS cx_c19,
  SUM("effort") FILTER (WHERE (cx_day > DATE '2026-05-05' AND cx_day <= DATE '2026-06-30') AND ("effort" = floor("effort") AND "effort" >= 1 AND "effort" <= 7)) AS cx_c20,
  SUM("effort" * "effort") FILTER (WHERE (cx_day > DATE '2026-05-05' AND cx_day <= DATE '2026-06-30') AND ("effort" = floor("effort") AND "effort" >= 1 AND "effort" <= 7)) AS cx_c21,
  COUNT(*) FILTER (WHERE cx_day > DATE '2026-03-10' AND cx_day <= DATE '2026-05-05') AS cx_c22,
  COUNT(*) FILTER (WHERE (cx_day > DATE '2026-03-10' AND cx_day <= DATE '2026-05-05') AND ("effort" = floor("effort") AND "effort" >= 1 AND "effort" <= 7)) AS cx_c23,
  SUM("effort") FILTER (WHERE (cx_day > DATE '2026-03-10' AND cx_day <= DATE '2026-05-05') AND ("effort" = floor("effort") AND "effort" >= 1 AND "effort" <= 7)) AS cx_c24,
  SUM("effort" * "effort") FILTER (WHERE (cx_day > DATE '2026-03-10' AND cx_day <= DATE '2026-05-05') AND ("effort" = floor("effort") AND "effort" >= 1 AND "effort" <= 7)) AS cx_c25,
  COUNT(*) FILTER (WHERE cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AS cx_c26,
  COUNT(*) FILTER (WHERE (cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND (("effort" <= 3))) AS cx_c27,
  COUNT(*) FILTER (WHERE cx_day > DATE '2025-04-01' AND cx_day <= DATE '2025-06-30') AS cx_c28,
  COUNT(*) FILTER (WHERE (cx_day > DATE '2025-04-01' AND cx_day <= DATE '2025-06-30') AND (("effort" <= 3))) AS cx_c29,
  COUNT(*) FILTER (WHERE (cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND (("touchpoint" = 'support'))) AS cx_c30,
  COUNT((CASE WHEN "resolved" THEN CAST(1 AS double) ELSE CAST(0 AS double) END)) FILTER (WHERE (cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND (("touchpoint" = 'support'))) AS cx_c31,
  SUM((CASE WHEN "resolved" THEN CAST(1 AS double) ELSE CAST(0 AS double) END)) FILTER (WHERE (cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND (("touchpoint" = 'support'))) AS cx_c32,
  VAR_POP((CASE WHEN "resolved" THEN CAST(1 AS double) ELSE CAST(0 AS double) END)) FILTER (WHERE (cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND (("touchpoint" = 'support'))) * COUNT((CASE WHEN "resolved" THEN CAST(1 AS double) ELSE CAST(0 AS double) END)) FILTER (WHERE (cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND (("touchpoint" = 'support'))) AS cx_c33,
  COUNT(*) FILTER (WHERE (cx_day > DATE '2025-04-01' AND cx_day <= DATE '2025-06-30') AND (("touchpoint" = 'support'))) AS cx_c34,
  COUNT((CASE WHEN "resolved" THEN CAST(1 AS double) ELSE CAST(0 AS double) END)) FILTER (WHERE (cx_day > DATE '2025-04-01' AND cx_day <= DATE '2025-06-30') AND (("touchpoint" = 'support'))) AS cx_c35,
  SUM((CASE WHEN "resolved" THEN CAST(1 AS double) ELSE CAST(0 AS double) END)) FILTER (WHERE (cx_day > DATE '2025-04-01' AND cx_day <= DATE '2025-06-30') AND (("touchpoint" = 'support'))) AS cx_c36,
  VAR_POP((CASE WHEN "resolved" THEN CAST(1 AS double) ELSE CAST(0 AS double) END)) FILTER (WHERE (cx_day > DATE '2025-04-01' AND cx_day <= DATE '2025-06-30') AND (("touchpoint" = 'support'))) * COUNT((CASE WHEN "resolved" THEN CAST(1 AS double) ELSE CAST(0 AS double) END)) FILTER (WHERE (cx_day > DATE '2025-04-01' AND cx_day <= DATE '2025-06-30') AND (("touchpoint" = 'support'))) AS cx_c37,
  COUNT(*) FILTER (WHERE (cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND (("recommend" >= 9))) AS cx_c38,
  COUNT(*) FILTER (WHERE cx_day > DATE '2026-01-01' AND cx_day <= DATE '2026-04-01') AS cx_c39,
  COUNT(*) FILTER (WHERE (cx_day > DATE '2026-01-01' AND cx_day <= DATE '2026-04-01') AND (("recommend" >= 9))) AS cx_c40
FROM cx_rows
WHERE cx_day > DATE '2025-03-30' AND cx_day <= DATE '2026-06-30';

-- scale and division checks
WITH
  cx_raw AS (
    SELECT
      "region" AS "cx_c0_v",
      "answered_at" AS "cx_c1_v",
      "touchpoint" AS "cx_c2_v",
      "recommend" AS "cx_c3_v",
      "satisfied" AS "cx_c4_v",
      "wait_seconds" AS "cx_c5_v",
      "effort" AS "cx_c6_v",
      "resolved" AS "cx_c7_v"
    FROM "responses"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS varchar) AS "region",
      CAST("cx_c1_v" AS date) AS "answered_at",
      CAST("cx_c2_v" AS varchar) AS "touchpoint",
      CAST("cx_c3_v" AS double) AS "recommend",
      CAST("cx_c4_v" AS double) AS "satisfied",
      CAST("cx_c5_v" AS double) AS "wait_seconds",
      CAST("cx_c6_v" AS double) AS "effort",
      CAST("cx_c7_v" AS boolean) AS "resolved"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, "answered_at" AS cx_day
    FROM cx_src
  )
SELECT
  COUNT(*) FILTER (WHERE "recommend" IS NOT NULL AND ("recommend" < 0 OR "recommend" > 10 OR "recommend" <> floor("recommend"))) AS cx_c0,
  COUNT(*) FILTER (WHERE "satisfied" IS NOT NULL AND ("satisfied" < 1 OR "satisfied" > 5 OR "satisfied" <> floor("satisfied"))) AS cx_c1,
  COUNT(*) FILTER (WHERE "effort" IS NOT NULL AND ("effort" < 1 OR "effort" > 7 OR "effort" <> floor("effort"))) AS cx_c2
FROM cx_rows;

-- source pilot (trino)
-- pilot: file data, shown as a table named 'pilot' as if loaded into trino

-- 4 measures (overall)
WITH
  cx_raw AS (
    SELECT
      "answered_on" AS "cx_c0_v",
      "score" AS "cx_c1_v"
    FROM "pilot"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS date) AS "answered_on",
      CAST("cx_c1_v" AS double) AS "score"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, "answered_on" AS cx_day
    FROM cx_src
  )
SELECT
  COUNT(*) FILTER (WHERE cx_day > DATE '2026-06-23' AND cx_day <= DATE '2026-06-30') AS cx_c0,
  COUNT(*) FILTER (WHERE (cx_day > DATE '2026-06-23' AND cx_day <= DATE '2026-06-30') AND ("score" = floor("score") AND "score" >= 0 AND "score" <= 10)) AS cx_c1,
  COUNT(*) FILTER (WHERE ((cx_day > DATE '2026-06-23' AND cx_day <= DATE '2026-06-30') AND ("score" = floor("score") AND "score" >= 0 AND "score" <= 10)) AND ("score" >= 9)) AS cx_c2,
  COUNT(*) FILTER (WHERE ((cx_day > DATE '2026-06-23' AND cx_day <= DATE '2026-06-30') AND ("score" = floor("score") AND "score" >= 0 AND "score" <= 10)) AND ("score" <= 6)) AS cx_c3,
  COUNT(*) FILTER (WHERE cx_day > DATE '2026-06-16' AND cx_day <= DATE '2026-06-23') AS cx_c4,
  COUNT(*) FILTER (WHERE (cx_day > DATE '2026-06-16' AND cx_day <= DATE '2026-06-23') AND ("score" = floor("score") AND "score" >= 0 AND "score" <= 10)) AS cx_c5,
  COUNT(*) FILTER (WHERE ((cx_day > DATE '2026-06-16' AND cx_day <= DATE '2026-06-23') AND ("score" = floor("score") AND "score" >= 0 AND "score" <= 10)) AND ("score" >= 9)) AS cx_c6,
  COUNT(*) FILTER (WHERE ((cx_day > DATE '2026-06-16' AND cx_day <= DATE '2026-06-23') AND ("score" = floor("score") AND "score" >= 0 AND "score" <= 10)) AND ("score" <= 6)) AS cx_c7
FROM cx_rows
WHERE cx_day > DATE '2026-06-16' AND cx_day <= DATE '2026-06-30';

-- scale and division checks
WITH
  cx_raw AS (
    SELECT
      "answered_on" AS "cx_c0_v",
      "score" AS "cx_c1_v"
    FROM "pilot"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS date) AS "answered_on",
      CAST("cx_c1_v" AS double) AS "score"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, "answered_on" AS cx_day
    FROM cx_src
  )
SELECT
  COUNT(*) FILTER (WHERE "score" IS NOT NULL AND ("score" < 0 OR "score" > 10 OR "score" <> floor("score"))) AS cx_c0
FROM cx_rows;
