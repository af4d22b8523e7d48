DROP INDEX "engine"."user_task_candidate_groups_idx";--> statement-breakpoint
DROP INDEX "engine"."user_task_candidate_users_idx";--> statement-breakpoint
CREATE INDEX "variable_value_idx" ON "engine"."variable" USING hash ("value");--> statement-breakpoint
CREATE INDEX "user_task_candidate_groups_idx" ON "engine"."user_task" USING gin ("candidate_groups") WHERE state = 'CREATED';--> statement-breakpoint
CREATE INDEX "user_task_candidate_users_idx" ON "engine"."user_task" USING gin ("candidate_users") WHERE state = 'CREATED';