CREATE TABLE "engine"."user_task_candidate" (
	"user_task_key" bigint NOT NULL,
	"kind" text NOT NULL,
	"candidate" text NOT NULL,
	"state" text NOT NULL,
	"assigned" boolean NOT NULL,
	CONSTRAINT "user_task_candidate_pk" PRIMARY KEY("user_task_key","kind","candidate")
);
--> statement-breakpoint
CREATE INDEX "user_task_candidate_search_idx" ON "engine"."user_task_candidate" USING btree ("kind","candidate","state","assigned","user_task_key");--> statement-breakpoint
-- user_task_candidate is kept by statement-level triggers on engine.user_task, so the engine's
-- batched upserts (INSERT … ON CONFLICT DO UPDATE) cost one trigger call per statement and the
-- rows change in the same transaction. A task's candidates (groups and users, without
-- duplicates) as rows:
CREATE OR REPLACE FUNCTION engine.user_task_candidate_rows(task_key bigint, task_state text, task_assignee text, groups jsonb, users jsonb)
  RETURNS TABLE (user_task_key bigint, kind text, candidate text, state text, assigned boolean) LANGUAGE sql IMMUTABLE AS $$
  SELECT task_key, 'group', g, task_state, task_assignee IS NOT NULL FROM (SELECT DISTINCT jsonb_array_elements_text(groups) AS g) gs
  UNION ALL
  SELECT task_key, 'user', u, task_state, task_assignee IS NOT NULL FROM (SELECT DISTINCT jsonb_array_elements_text(users) AS u) us
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION engine.user_task_candidates_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO engine.user_task_candidate (user_task_key, kind, candidate, state, assigned)
  SELECT c.* FROM new_rows n, engine.user_task_candidate_rows(n.key, n.state, n.assignee, n.candidate_groups, n.candidate_users) c
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- A task whose candidates changed gets its rows replaced; one whose state or assignment changed
-- gets them updated; any other update (dates, priority, the unchanged rows of an upsert) costs
-- only the join of the two transition tables.
CREATE OR REPLACE FUNCTION engine.user_task_candidates_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM engine.user_task_candidate c
   USING old_rows o JOIN new_rows n ON n.key = o.key
   WHERE c.user_task_key = o.key AND (o.candidate_groups <> n.candidate_groups OR o.candidate_users <> n.candidate_users);
  INSERT INTO engine.user_task_candidate (user_task_key, kind, candidate, state, assigned)
  SELECT c.* FROM old_rows o JOIN new_rows n ON n.key = o.key,
         engine.user_task_candidate_rows(n.key, n.state, n.assignee, n.candidate_groups, n.candidate_users) c
   WHERE o.candidate_groups <> n.candidate_groups OR o.candidate_users <> n.candidate_users
  ON CONFLICT DO NOTHING;
  UPDATE engine.user_task_candidate c SET state = n.state, assigned = n.assignee IS NOT NULL
    FROM old_rows o JOIN new_rows n ON n.key = o.key
   WHERE c.user_task_key = n.key
     AND o.candidate_groups = n.candidate_groups AND o.candidate_users = n.candidate_users
     AND (o.state <> n.state OR (o.assignee IS NULL) <> (n.assignee IS NULL));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION engine.user_task_candidates_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM engine.user_task_candidate c USING old_rows o WHERE c.user_task_key = o.key;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER user_task_candidates_inserted AFTER INSERT ON engine.user_task
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION engine.user_task_candidates_inserted();
--> statement-breakpoint
CREATE TRIGGER user_task_candidates_updated AFTER UPDATE ON engine.user_task
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION engine.user_task_candidates_updated();
--> statement-breakpoint
CREATE TRIGGER user_task_candidates_deleted AFTER DELETE ON engine.user_task
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION engine.user_task_candidates_deleted();
--> statement-breakpoint
-- the user tasks written before this migration
INSERT INTO engine.user_task_candidate (user_task_key, kind, candidate, state, assigned)
SELECT c.* FROM engine.user_task t, engine.user_task_candidate_rows(t.key, t.state, t.assignee, t.candidate_groups, t.candidate_users) c
ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- 案号 search (`$like "*…*"` on the caseNumber variable, the inbox's search box): a trigram index
-- over caseNumber values only. pg_trgm ships with PostgreSQL's contrib; where it cannot be
-- created (PGlite without the extension loaded, a server without contrib) the search reads
-- every caseNumber value instead, as before.
DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS pg_trgm;
  CREATE INDEX IF NOT EXISTS variable_case_number_trgm_idx ON engine.variable USING gin (value gin_trgm_ops) WHERE name = 'caseNumber';
EXCEPTION WHEN OTHERS THEN
  RAISE NOTICE 'pg_trgm unavailable (%), the caseNumber trigram index is not created', SQLERRM;
END $$;
