CREATE TABLE "engine"."compensation_subscription" (
	"key" bigint PRIMARY KEY NOT NULL,
	"state" text NOT NULL,
	"process_instance_key" bigint NOT NULL,
	"process_definition_key" bigint NOT NULL,
	"compensable_activity_id" text NOT NULL,
	"compensable_activity_instance_key" bigint NOT NULL,
	"compensable_activity_scope_key" bigint NOT NULL,
	"compensation_handler_id" text NOT NULL,
	"compensation_handler_instance_key" bigint,
	"throw_event_id" text,
	"throw_event_instance_key" bigint,
	"tenant_id" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "compensation_subscription_scope_idx" ON "engine"."compensation_subscription" USING btree ("compensable_activity_scope_key");--> statement-breakpoint
CREATE INDEX "compensation_subscription_throw_idx" ON "engine"."compensation_subscription" USING btree ("throw_event_instance_key");