DROP INDEX "engine"."element_instance_def_idx";--> statement-breakpoint
CREATE INDEX "element_instance_process_end_idx" ON "engine"."element_instance" USING btree ("end_time") WHERE element_type = 'PROCESS';--> statement-breakpoint
CREATE INDEX "element_instance_live_idx" ON "engine"."element_instance" USING btree ("process_definition_key","element_id") WHERE state IN ('ACTIVATING', 'ACTIVATED', 'COMPLETING', 'TERMINATING');--> statement-breakpoint
CREATE INDEX "element_instance_completed_idx" ON "engine"."element_instance" USING btree ("process_definition_key","end_time") WHERE state = 'COMPLETED';--> statement-breakpoint
CREATE INDEX "timer_pi_idx" ON "engine"."timer" USING btree ("process_instance_key");--> statement-breakpoint
CREATE INDEX "user_task_state_created_idx" ON "engine"."user_task" USING btree ("state","creation_date");--> statement-breakpoint
CREATE INDEX "user_task_state_priority_idx" ON "engine"."user_task" USING btree ("state","priority");--> statement-breakpoint
CREATE INDEX "element_instance_def_idx" ON "engine"."element_instance" USING btree ("process_definition_key","element_id","process_instance_key");