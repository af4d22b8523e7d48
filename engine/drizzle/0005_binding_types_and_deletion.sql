ALTER TABLE "engine"."decision" ADD COLUMN "deployment_key" bigint;--> statement-breakpoint
ALTER TABLE "engine"."decision" ADD COLUMN "version_tag" text;--> statement-breakpoint
ALTER TABLE "engine"."decision" ADD COLUMN "deleted" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "engine"."decision_requirements" ADD COLUMN "deleted" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "engine"."form" ADD COLUMN "version_tag" text;--> statement-breakpoint
ALTER TABLE "engine"."form" ADD COLUMN "deleted" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "engine"."process_definition" ADD COLUMN "version_tag" text;--> statement-breakpoint
ALTER TABLE "engine"."process_definition" ADD COLUMN "deleted" boolean DEFAULT false NOT NULL;