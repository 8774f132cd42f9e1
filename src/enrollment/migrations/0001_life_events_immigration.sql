CREATE TABLE "special_enrollment_periods" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"household_id" uuid NOT NULL,
	"event" text NOT NULL,
	"event_date" date NOT NULL,
	"window_ends_on" date NOT NULL,
	"reported_by" uuid,
	"reported_at" timestamp with time zone NOT NULL,
	"used_by_enrollment_id" uuid
);
--> statement-breakpoint
ALTER TABLE "household_members" ADD COLUMN "immigration_document_type" text;--> statement-breakpoint
ALTER TABLE "household_members" ADD COLUMN "immigration_document_sealed" text;--> statement-breakpoint
ALTER TABLE "special_enrollment_periods" ADD CONSTRAINT "special_enrollment_periods_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "special_enrollment_periods" ADD CONSTRAINT "special_enrollment_periods_reported_by_accounts_id_fk" FOREIGN KEY ("reported_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "special_enrollment_periods" ADD CONSTRAINT "special_enrollment_periods_used_by_enrollment_id_enrollments_id_fk" FOREIGN KEY ("used_by_enrollment_id") REFERENCES "public"."enrollments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "seps_household_idx" ON "special_enrollment_periods" USING btree ("household_id");