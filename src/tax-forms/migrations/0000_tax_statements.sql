CREATE TABLE "tax_statement_runs" (
	"coverage_year" smallint PRIMARY KEY NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"started_by" text NOT NULL,
	"finished_at" timestamp with time zone,
	"statements_made" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tax_statements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"household_id" uuid NOT NULL,
	"enrollment_id" uuid NOT NULL,
	"coverage_year" smallint NOT NULL,
	"policy_number" text NOT NULL,
	"version" smallint NOT NULL,
	"kind" text NOT NULL,
	"replaces_id" uuid,
	"content" jsonb NOT NULL,
	"content_hash" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"issued_by" text NOT NULL,
	CONSTRAINT "tax_statements_link_check" CHECK ((kind = 'original') = (replaces_id IS NULL))
);
--> statement-breakpoint
ALTER TABLE "tax_statements" ADD CONSTRAINT "tax_statements_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tax_statements" ADD CONSTRAINT "tax_statements_enrollment_id_enrollments_id_fk" FOREIGN KEY ("enrollment_id") REFERENCES "public"."enrollments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tax_statements" ADD CONSTRAINT "tax_statements_replaces_id_tax_statements_id_fk" FOREIGN KEY ("replaces_id") REFERENCES "public"."tax_statements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "tax_statements_version_idx" ON "tax_statements" USING btree ("enrollment_id","coverage_year","version");--> statement-breakpoint
CREATE INDEX "tax_statements_year_kind_idx" ON "tax_statements" USING btree ("coverage_year","kind");--> statement-breakpoint
CREATE INDEX "tax_statements_household_idx" ON "tax_statements" USING btree ("household_id","coverage_year");