CREATE TABLE "platform"."case_excluded_periods" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"reason" text NOT NULL,
	"basis" text,
	"from_at" timestamp with time zone NOT NULL,
	"to_at" timestamp with time zone,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_by" text,
	"end_reason" text,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "platform"."case_excluded_periods" ADD CONSTRAINT "case_excluded_periods_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "platform"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_excluded_periods_case_idx" ON "platform"."case_excluded_periods" USING btree ("case_id","from_at");