CREATE SCHEMA "engine";
--> statement-breakpoint
CREATE SEQUENCE "engine"."key_block_seq" INCREMENT BY 1 MINVALUE 0 MAXVALUE 9223372036854775807 START WITH 0 CACHE 1;--> statement-breakpoint
CREATE TABLE "engine"."deployment" (
	"key" bigint PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "engine"."element_instance" (
	"key" bigint PRIMARY KEY NOT NULL,
	"process_instance_key" bigint NOT NULL,
	"process_definition_key" bigint NOT NULL,
	"bpmn_process_id" text NOT NULL,
	"version" integer NOT NULL,
	"element_id" text NOT NULL,
	"element_type" text NOT NULL,
	"event_type" text NOT NULL,
	"flow_scope_key" bigint,
	"state" text NOT NULL,
	"active_children" integer DEFAULT 0 NOT NULL,
	"active_tokens" integer DEFAULT 0 NOT NULL,
	"taken_flows" jsonb,
	"job_key" bigint,
	"incident_key" bigint,
	"interrupted_by" text,
	"tenant_id" text NOT NULL,
	"start_time" bigint NOT NULL,
	"end_time" bigint
);
--> statement-breakpoint
CREATE TABLE "engine"."incident" (
	"key" bigint PRIMARY KEY NOT NULL,
	"state" text NOT NULL,
	"error_type" text NOT NULL,
	"error_message" text NOT NULL,
	"process_instance_key" bigint NOT NULL,
	"process_definition_key" bigint NOT NULL,
	"bpmn_process_id" text NOT NULL,
	"element_id" text NOT NULL,
	"element_instance_key" bigint NOT NULL,
	"variable_scope_key" bigint NOT NULL,
	"job_key" bigint,
	"tenant_id" text NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "engine"."job" (
	"key" bigint PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"state" text NOT NULL,
	"retries" integer NOT NULL,
	"worker" text DEFAULT '' NOT NULL,
	"deadline" bigint,
	"recur_at" bigint,
	"error_message" text DEFAULT '' NOT NULL,
	"error_code" text DEFAULT '' NOT NULL,
	"custom_headers" jsonb NOT NULL,
	"element_instance_key" bigint NOT NULL,
	"element_id" text NOT NULL,
	"process_instance_key" bigint NOT NULL,
	"process_definition_key" bigint NOT NULL,
	"bpmn_process_id" text NOT NULL,
	"version" integer NOT NULL,
	"tenant_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "engine"."process_definition" (
	"key" bigint PRIMARY KEY NOT NULL,
	"bpmn_process_id" text NOT NULL,
	"name" text,
	"version" integer NOT NULL,
	"resource_name" text NOT NULL,
	"resource_key" bigint NOT NULL,
	"checksum" text NOT NULL,
	"deployment_key" bigint NOT NULL,
	"tenant_id" text NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "engine"."record" (
	"position" bigserial PRIMARY KEY NOT NULL,
	"key" bigint NOT NULL,
	"record_type" text NOT NULL,
	"value_type" text NOT NULL,
	"intent" text NOT NULL,
	"rejection_type" text,
	"rejection_reason" text,
	"process_instance_key" bigint,
	"timestamp" bigint NOT NULL,
	"value" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "engine"."resource" (
	"key" bigint PRIMARY KEY NOT NULL,
	"deployment_key" bigint NOT NULL,
	"resource_name" text NOT NULL,
	"resource_type" text NOT NULL,
	"checksum" text NOT NULL,
	"content" text NOT NULL,
	"tenant_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "engine"."variable" (
	"key" bigint PRIMARY KEY NOT NULL,
	"scope_key" bigint NOT NULL,
	"process_instance_key" bigint NOT NULL,
	"name" text NOT NULL,
	"value" text NOT NULL,
	"tenant_id" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "element_instance_pi_idx" ON "engine"."element_instance" USING btree ("process_instance_key");--> statement-breakpoint
CREATE INDEX "element_instance_scope_idx" ON "engine"."element_instance" USING btree ("flow_scope_key");--> statement-breakpoint
CREATE INDEX "element_instance_def_idx" ON "engine"."element_instance" USING btree ("process_definition_key","element_id");--> statement-breakpoint
CREATE INDEX "incident_pi_idx" ON "engine"."incident" USING btree ("process_instance_key");--> statement-breakpoint
CREATE INDEX "incident_state_idx" ON "engine"."incident" USING btree ("state");--> statement-breakpoint
CREATE INDEX "job_activatable_idx" ON "engine"."job" USING btree ("type","key") WHERE state = 'ACTIVATABLE';--> statement-breakpoint
CREATE INDEX "job_deadline_idx" ON "engine"."job" USING btree ("deadline") WHERE state = 'ACTIVATED';--> statement-breakpoint
CREATE INDEX "job_recur_idx" ON "engine"."job" USING btree ("recur_at") WHERE state = 'BACKOFF';--> statement-breakpoint
CREATE UNIQUE INDEX "process_definition_version_uq" ON "engine"."process_definition" USING btree ("tenant_id","bpmn_process_id","version");--> statement-breakpoint
CREATE INDEX "record_pi_idx" ON "engine"."record" USING btree ("process_instance_key");--> statement-breakpoint
CREATE INDEX "resource_deployment_idx" ON "engine"."resource" USING btree ("deployment_key");--> statement-breakpoint
CREATE UNIQUE INDEX "variable_scope_name_uq" ON "engine"."variable" USING btree ("scope_key","name");--> statement-breakpoint
CREATE INDEX "variable_pi_idx" ON "engine"."variable" USING btree ("process_instance_key");