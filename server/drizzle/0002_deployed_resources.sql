CREATE TABLE "platform"."deployed_resources" (
	"key" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"resource_id" text NOT NULL,
	"name" text,
	"version" integer NOT NULL,
	"resource_name" text NOT NULL,
	"deployment_key" text NOT NULL,
	"source" text NOT NULL,
	"origin" text NOT NULL,
	"deployed_by" text,
	"deployed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "deployed_resources_kind_id_idx" ON "platform"."deployed_resources" USING btree ("kind","resource_id","version");