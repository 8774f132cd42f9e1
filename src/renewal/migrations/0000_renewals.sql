CREATE TABLE "renewal_plan_crosswalks" (
	"from_year" smallint NOT NULL,
	"from_plan_hios_id" text NOT NULL,
	"to_plan_hios_id" text NOT NULL,
	"source" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "renewal_runs" (
	"plan_year" smallint PRIMARY KEY NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"started_by" text NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "renewals" (
	"household_id" uuid NOT NULL,
	"plan_year" smallint NOT NULL,
	"outcome" text NOT NULL,
	"rule" text,
	"from_enrollment_id" uuid,
	"to_enrollment_id" uuid,
	"application_id" uuid,
	"income_check" text,
	"previous_net_cents" integer,
	"net_premium_cents" integer,
	"decided_at" timestamp with time zone NOT NULL,
	CONSTRAINT "renewals_household_id_plan_year_pk" PRIMARY KEY("household_id","plan_year")
);
--> statement-breakpoint
ALTER TABLE "renewals" ADD CONSTRAINT "renewals_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "renewals" ADD CONSTRAINT "renewals_from_enrollment_id_enrollments_id_fk" FOREIGN KEY ("from_enrollment_id") REFERENCES "public"."enrollments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "renewals" ADD CONSTRAINT "renewals_to_enrollment_id_enrollments_id_fk" FOREIGN KEY ("to_enrollment_id") REFERENCES "public"."enrollments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "renewals" ADD CONSTRAINT "renewals_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "crosswalk_from_idx" ON "renewal_plan_crosswalks" USING btree ("from_year","from_plan_hios_id");--> statement-breakpoint
CREATE INDEX "renewals_year_outcome_idx" ON "renewals" USING btree ("plan_year","outcome");