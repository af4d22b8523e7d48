ALTER TABLE "engine"."element_instance" ADD COLUMN "parent_process_instance_key" bigint DEFAULT -1 NOT NULL;--> statement-breakpoint
ALTER TABLE "engine"."element_instance" ADD COLUMN "parent_element_instance_key" bigint DEFAULT -1 NOT NULL;--> statement-breakpoint
ALTER TABLE "engine"."element_instance" ADD COLUMN "called_child_instance_key" bigint;--> statement-breakpoint
ALTER TABLE "engine"."element_instance" ADD COLUMN "loop_counter" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "engine"."element_instance" ADD COLUMN "completed_instances" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "engine"."element_instance" ADD COLUMN "terminated_instances" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "element_instance_parent_idx" ON "engine"."element_instance" USING btree ("parent_process_instance_key") WHERE parent_process_instance_key <> -1;--> statement-breakpoint
CREATE INDEX "element_instance_process_start_idx" ON "engine"."element_instance" USING btree ("start_time") WHERE element_type = 'PROCESS';