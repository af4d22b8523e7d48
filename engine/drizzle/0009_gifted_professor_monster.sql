DROP INDEX "engine"."user_task_candidate_groups_idx";--> statement-breakpoint
DROP INDEX "engine"."user_task_candidate_users_idx";--> statement-breakpoint
CREATE INDEX "user_task_candidate_groups_idx" ON "engine"."user_task" USING gin ("candidate_groups");--> statement-breakpoint
CREATE INDEX "user_task_candidate_users_idx" ON "engine"."user_task" USING gin ("candidate_users");