DROP INDEX "engine"."user_task_assignee_idx";--> statement-breakpoint
CREATE INDEX "user_task_assignee_state_key_idx" ON "engine"."user_task" USING btree ("assignee","state","key");--> statement-breakpoint
-- the candidate side table, filled from the tasks by 0012, is planned from its statistics: without them PostgreSQL takes a unit with 20,000 open tasks for one with a single task
ANALYZE "engine"."user_task_candidate";
