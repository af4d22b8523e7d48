CREATE TABLE "engine"."decision" (
	"key" bigint PRIMARY KEY NOT NULL,
	"decision_id" text NOT NULL,
	"name" text,
	"version" integer NOT NULL,
	"decision_requirements_key" bigint NOT NULL,
	"decision_requirements_id" text NOT NULL,
	"tenant_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "engine"."decision_requirements" (
	"key" bigint PRIMARY KEY NOT NULL,
	"decision_requirements_id" text NOT NULL,
	"name" text,
	"version" integer NOT NULL,
	"resource_name" text NOT NULL,
	"resource_key" bigint NOT NULL,
	"checksum" text NOT NULL,
	"deployment_key" bigint NOT NULL,
	"tenant_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "engine"."form" (
	"key" bigint PRIMARY KEY NOT NULL,
	"form_id" text NOT NULL,
	"version" integer NOT NULL,
	"resource_name" text NOT NULL,
	"resource_key" bigint NOT NULL,
	"checksum" text NOT NULL,
	"deployment_key" bigint NOT NULL,
	"tenant_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "engine"."message" (
	"key" bigint PRIMARY KEY NOT NULL,
	"state" text NOT NULL,
	"name" text NOT NULL,
	"correlation_key" text NOT NULL,
	"message_id" text DEFAULT '' NOT NULL,
	"time_to_live" bigint NOT NULL,
	"deadline" bigint NOT NULL,
	"variables" text NOT NULL,
	"tenant_id" text NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "engine"."message_correlation" (
	"message_key" bigint NOT NULL,
	"bpmn_process_id" text NOT NULL,
	"process_instance_key" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "engine"."message_subscription" (
	"key" bigint PRIMARY KEY NOT NULL,
	"state" text NOT NULL,
	"element_instance_key" bigint,
	"process_instance_key" bigint,
	"process_definition_key" bigint NOT NULL,
	"bpmn_process_id" text NOT NULL,
	"target_element_id" text NOT NULL,
	"message_name" text NOT NULL,
	"correlation_key" text DEFAULT '' NOT NULL,
	"interrupting" boolean NOT NULL,
	"tenant_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "engine"."signal_subscription" (
	"key" bigint PRIMARY KEY NOT NULL,
	"state" text NOT NULL,
	"element_instance_key" bigint,
	"process_instance_key" bigint,
	"process_definition_key" bigint NOT NULL,
	"bpmn_process_id" text NOT NULL,
	"target_element_id" text NOT NULL,
	"signal_name" text NOT NULL,
	"tenant_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "engine"."user_task" (
	"key" bigint PRIMARY KEY NOT NULL,
	"state" text NOT NULL,
	"element_instance_key" bigint NOT NULL,
	"element_id" text NOT NULL,
	"name" text,
	"process_instance_key" bigint NOT NULL,
	"process_definition_key" bigint NOT NULL,
	"bpmn_process_id" text NOT NULL,
	"version" integer NOT NULL,
	"assignee" text,
	"candidate_groups" jsonb NOT NULL,
	"candidate_users" jsonb NOT NULL,
	"due_date" bigint,
	"follow_up_date" bigint,
	"priority" integer NOT NULL,
	"form_key" bigint,
	"external_form_reference" text,
	"custom_headers" jsonb NOT NULL,
	"tenant_id" text NOT NULL,
	"creation_date" bigint NOT NULL,
	"completion_date" bigint
);
--> statement-breakpoint
CREATE UNIQUE INDEX "decision_version_uq" ON "engine"."decision" USING btree ("tenant_id","decision_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "decision_requirements_version_uq" ON "engine"."decision_requirements" USING btree ("tenant_id","decision_requirements_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "form_version_uq" ON "engine"."form" USING btree ("tenant_id","form_id","version");--> statement-breakpoint
CREATE INDEX "message_correlation_idx" ON "engine"."message" USING btree ("tenant_id","name","correlation_key") WHERE state = 'PUBLISHED';--> statement-breakpoint
CREATE INDEX "message_deadline_idx" ON "engine"."message" USING btree ("deadline") WHERE state = 'PUBLISHED';--> statement-breakpoint
CREATE UNIQUE INDEX "message_id_uq" ON "engine"."message" USING btree ("tenant_id","name","message_id") WHERE state = 'PUBLISHED' AND message_id <> '';--> statement-breakpoint
CREATE UNIQUE INDEX "message_correlation_uq" ON "engine"."message_correlation" USING btree ("message_key","process_instance_key");--> statement-breakpoint
CREATE INDEX "message_correlation_process_idx" ON "engine"."message_correlation" USING btree ("message_key","bpmn_process_id");--> statement-breakpoint
CREATE INDEX "message_subscription_match_idx" ON "engine"."message_subscription" USING btree ("tenant_id","message_name","correlation_key") WHERE state = 'ACTIVE';--> statement-breakpoint
CREATE INDEX "message_subscription_owner_idx" ON "engine"."message_subscription" USING btree ("element_instance_key");--> statement-breakpoint
CREATE INDEX "message_subscription_definition_idx" ON "engine"."message_subscription" USING btree ("process_definition_key");--> statement-breakpoint
CREATE INDEX "signal_subscription_match_idx" ON "engine"."signal_subscription" USING btree ("tenant_id","signal_name") WHERE state = 'ACTIVE';--> statement-breakpoint
CREATE INDEX "signal_subscription_owner_idx" ON "engine"."signal_subscription" USING btree ("element_instance_key");--> statement-breakpoint
CREATE INDEX "signal_subscription_definition_idx" ON "engine"."signal_subscription" USING btree ("process_definition_key");--> statement-breakpoint
CREATE INDEX "user_task_state_due_idx" ON "engine"."user_task" USING btree ("state","due_date","key");--> statement-breakpoint
CREATE INDEX "user_task_assignee_idx" ON "engine"."user_task" USING btree ("assignee","state");--> statement-breakpoint
CREATE INDEX "user_task_pi_idx" ON "engine"."user_task" USING btree ("process_instance_key");--> statement-breakpoint
CREATE INDEX "user_task_element_instance_idx" ON "engine"."user_task" USING btree ("element_instance_key");--> statement-breakpoint
CREATE INDEX "user_task_candidate_groups_idx" ON "engine"."user_task" USING gin ("candidate_groups");--> statement-breakpoint
CREATE INDEX "user_task_candidate_users_idx" ON "engine"."user_task" USING gin ("candidate_users");