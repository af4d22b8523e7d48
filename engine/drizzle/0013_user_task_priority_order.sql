CREATE INDEX "user_task_state_priority_desc_due_idx" ON "engine"."user_task" USING btree ("state","priority" DESC NULLS FIRST,"due_date","key");--> statement-breakpoint
CREATE INDEX "user_task_state_priority_desc_key_idx" ON "engine"."user_task" USING btree ("state","priority" DESC NULLS FIRST,"key");--> statement-breakpoint
-- A group's open, unassigned candidates are one value combination of (kind, candidate, state,
-- assigned) that the per-column statistics underestimate about sixfold (they multiply); with
-- the combinations' frequencies the planner walks the inbox's order instead of joining every
-- match and sorting.
CREATE STATISTICS IF NOT EXISTS engine.user_task_candidate_combinations (mcv) ON kind, candidate, state, assigned FROM engine.user_task_candidate;
