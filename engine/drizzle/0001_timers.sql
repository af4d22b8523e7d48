CREATE TABLE "engine"."timer" (
	"key" bigint PRIMARY KEY NOT NULL,
	"state" text NOT NULL,
	"element_instance_key" bigint,
	"process_instance_key" bigint,
	"process_definition_key" bigint NOT NULL,
	"bpmn_process_id" text NOT NULL,
	"target_element_id" text NOT NULL,
	"due_date" bigint NOT NULL,
	"repetitions" integer NOT NULL,
	"tenant_id" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "timer_due_idx" ON "engine"."timer" USING btree ("due_date") WHERE state = 'ACTIVE';--> statement-breakpoint
CREATE INDEX "timer_owner_idx" ON "engine"."timer" USING btree ("element_instance_key");--> statement-breakpoint
CREATE INDEX "timer_definition_idx" ON "engine"."timer" USING btree ("process_definition_key");