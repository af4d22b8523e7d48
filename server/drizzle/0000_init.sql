CREATE SCHEMA "platform";
--> statement-breakpoint
CREATE TABLE "platform"."attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"content" "bytea" NOT NULL,
	"uploaded_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "platform"."audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"case_id" uuid,
	"target" text,
	"details" jsonb,
	"ip" text
);
--> statement-breakpoint
CREATE TABLE "platform"."case_number_sequences" (
	"court_code" text NOT NULL,
	"case_type" text NOT NULL,
	"year" integer NOT NULL,
	"last_value" integer NOT NULL,
	CONSTRAINT "case_number_sequences_court_code_case_type_year_pk" PRIMARY KEY("court_code","case_type","year")
);
--> statement-breakpoint
CREATE TABLE "platform"."cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_number" text NOT NULL,
	"case_type" text NOT NULL,
	"court_code" text NOT NULL,
	"year" integer NOT NULL,
	"parties" jsonb NOT NULL,
	"claim_amount" numeric(16, 2) NOT NULL,
	"amount_recovered" numeric(16, 2) DEFAULT 0 NOT NULL,
	"complexity" text,
	"team" text,
	"case_officer" text,
	"stage" text DEFAULT '立案' NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"process_instance_key" text,
	"process_definition_key" text,
	"applicant_access_hash" text,
	"registered_by" text NOT NULL,
	"filed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "cases_case_number_unique" UNIQUE("case_number")
);
--> statement-breakpoint
CREATE TABLE "platform"."comments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"author" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "platform"."leads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"source" text NOT NULL,
	"content" text NOT NULL,
	"received_by" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"message_published_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "platform"."model_drafts" (
	"name" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"content" text NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "platform"."saved_filters" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner" text NOT NULL,
	"name" text NOT NULL,
	"team" text,
	"query" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "platform"."sessions" (
	"id_hash" text PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"csrf_token" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "platform"."task_drafts" (
	"task_key" text NOT NULL,
	"username" text NOT NULL,
	"variables" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "task_drafts_task_key_username_pk" PRIMARY KEY("task_key","username")
);
--> statement-breakpoint
CREATE TABLE "platform"."users" (
	"username" text PRIMARY KEY NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"roles" text[] DEFAULT '{}'::text[] NOT NULL,
	"groups" text[] DEFAULT '{}'::text[] NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "platform"."attachments" ADD CONSTRAINT "attachments_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "platform"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "platform"."comments" ADD CONSTRAINT "comments_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "platform"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "platform"."leads" ADD CONSTRAINT "leads_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "platform"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "platform"."sessions" ADD CONSTRAINT "sessions_username_users_username_fk" FOREIGN KEY ("username") REFERENCES "platform"."users"("username") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attachments_case_idx" ON "platform"."attachments" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "audit_log_case_idx" ON "platform"."audit_log" USING btree ("case_id","at");--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "platform"."audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_log_actor_idx" ON "platform"."audit_log" USING btree ("actor");--> statement-breakpoint
CREATE INDEX "cases_status_idx" ON "platform"."cases" USING btree ("status");--> statement-breakpoint
CREATE INDEX "cases_team_idx" ON "platform"."cases" USING btree ("team");--> statement-breakpoint
CREATE INDEX "cases_process_instance_idx" ON "platform"."cases" USING btree ("process_instance_key");--> statement-breakpoint
CREATE INDEX "cases_filed_at_idx" ON "platform"."cases" USING btree ("filed_at");--> statement-breakpoint
CREATE INDEX "comments_case_idx" ON "platform"."comments" USING btree ("case_id","created_at");--> statement-breakpoint
CREATE INDEX "leads_case_idx" ON "platform"."leads" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "saved_filters_owner_idx" ON "platform"."saved_filters" USING btree ("owner");--> statement-breakpoint
CREATE INDEX "saved_filters_team_idx" ON "platform"."saved_filters" USING btree ("team");--> statement-breakpoint
CREATE INDEX "sessions_username_idx" ON "platform"."sessions" USING btree ("username");