CREATE TABLE "engine"."element_duration_bucket" (
	"process_definition_key" bigint NOT NULL,
	"span" bigint NOT NULL,
	"bucket_start" bigint NOT NULL,
	"element_id" text NOT NULL,
	"bin" integer NOT NULL,
	"element_type" text NOT NULL,
	"count" bigint NOT NULL,
	"sum_ms" bigint NOT NULL,
	CONSTRAINT "element_duration_bucket_pk" PRIMARY KEY("process_definition_key","span","bucket_start","element_id","bin")
);
--> statement-breakpoint
CREATE TABLE "engine"."element_statistics" (
	"process_definition_key" bigint NOT NULL,
	"element_id" text NOT NULL,
	"process_instance_state" text NOT NULL,
	"active" bigint DEFAULT 0 NOT NULL,
	"incidents" bigint DEFAULT 0 NOT NULL,
	"completed" bigint DEFAULT 0 NOT NULL,
	"canceled" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "element_statistics_pk" PRIMARY KEY("process_definition_key","element_id","process_instance_state")
);
--> statement-breakpoint
-- The histogram bin of a duration in ms (state/element-statistics.ts computes the same): the
-- duration itself below 32 ms; above, 16 bins per doubling, from the bit length and the four
-- bits after the leading one, so a bin is at most 1/16 of its smallest value wide.
CREATE OR REPLACE FUNCTION engine.duration_bin(d bigint) RETURNS integer LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT CASE WHEN d < 32 THEN GREATEST(d, 0)::integer
              ELSE ((length(ltrim(d::bit(64)::text, '0')) - 5) * 16 + (d >> (length(ltrim(d::bit(64)::text, '0')) - 5)))::integer END
$$;
--> statement-breakpoint
-- Recounts element_statistics and element_duration_bucket from the element-instance history:
-- the backfill below, and for data written around the engine (the REST benchmark's seeding).
CREATE OR REPLACE FUNCTION engine.rebuild_element_statistics() RETURNS void LANGUAGE sql AS $$
  DELETE FROM engine.element_statistics;
  INSERT INTO engine.element_statistics (process_definition_key, element_id, process_instance_state, active, incidents, completed, canceled)
  SELECT process_definition_key, element_id, process_instance_state,
         count(*) FILTER (WHERE active), count(*) FILTER (WHERE incidents), count(*) FILTER (WHERE completed), count(*) FILTER (WHERE canceled)
    FROM (SELECT e.process_definition_key, e.element_id, e.process_instance_key,
                 CASE pi.state WHEN 'COMPLETED' THEN 'COMPLETED' WHEN 'TERMINATED' THEN 'TERMINATED' ELSE 'ACTIVE' END AS process_instance_state,
                 bool_or(e.state IN ('ACTIVATING', 'ACTIVATED', 'COMPLETING', 'TERMINATING') AND e.incident_key IS NULL) AS active,
                 bool_or(e.state IN ('ACTIVATING', 'ACTIVATED', 'COMPLETING', 'TERMINATING') AND e.incident_key IS NOT NULL) AS incidents,
                 bool_or(e.state = 'COMPLETED') AS completed,
                 bool_or(e.state = 'TERMINATED') AS canceled
            FROM engine.element_instance e LEFT JOIN engine.element_instance pi ON pi.key = e.process_instance_key
           WHERE e.element_type <> 'PROCESS'
           GROUP BY 1, 2, 3, 4) per_instance
   GROUP BY 1, 2, 3;
  DELETE FROM engine.element_duration_bucket;
  INSERT INTO engine.element_duration_bucket (process_definition_key, span, bucket_start, element_id, bin, element_type, count, sum_ms)
  SELECT e.process_definition_key, s.span, e.end_time - ((e.end_time % s.span) + s.span) % s.span, e.element_id,
         engine.duration_bin(e.end_time - e.start_time), min(e.element_type), count(*), sum(e.end_time - e.start_time)
    FROM engine.element_instance e CROSS JOIN (VALUES (3600000::int8), (86400000::int8), (2764800000::int8)) AS s(span)
   WHERE e.state = 'COMPLETED' AND e.end_time IS NOT NULL
   GROUP BY 1, 2, 3, 4, 5;
$$;
--> statement-breakpoint
SELECT engine.rebuild_element_statistics();
