CREATE TABLE "billing_runs" (
	"month" date PRIMARY KEY NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"invoices_created" integer DEFAULT 0 NOT NULL,
	"started_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "billing_grace_periods" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enrollment_id" uuid NOT NULL,
	"first_month" date NOT NULL,
	"months" smallint NOT NULL,
	"with_credit" boolean NOT NULL,
	"started_on" date NOT NULL,
	"warned_on" date,
	"reviewed_through" date,
	"extra_days" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"closed_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "billing_invoices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference_number" text NOT NULL,
	"household_id" uuid NOT NULL,
	"enrollment_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"coverage_month" date NOT NULL,
	"issued_on" date NOT NULL,
	"due_date" date NOT NULL,
	"gross_premium_cents" integer NOT NULL,
	"aptc_cents" integer NOT NULL,
	"state_assistance_cents" integer NOT NULL,
	"amount_cents" integer NOT NULL,
	"paid_cents" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"run_month" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "billing_invoices_amounts_check" CHECK (amount_cents >= 0 AND paid_cents >= 0 AND amount_cents = greatest(0, gross_premium_cents - aptc_cents - state_assistance_cents))
);
--> statement-breakpoint
CREATE TABLE "billing_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enrollment_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"grace_period_id" uuid,
	"invoice_id" uuid,
	"kind" text NOT NULL,
	"proposed_end_date" date NOT NULL,
	"window_start" date NOT NULL,
	"window_end" date NOT NULL,
	"outage_days" integer NOT NULL,
	"channels" text[] DEFAULT '{}'::text[] NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"extended_days" integer,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "billing_grace_periods" ADD CONSTRAINT "billing_grace_periods_enrollment_id_enrollments_id_fk" FOREIGN KEY ("enrollment_id") REFERENCES "public"."enrollments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_invoices" ADD CONSTRAINT "billing_invoices_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_invoices" ADD CONSTRAINT "billing_invoices_enrollment_id_enrollments_id_fk" FOREIGN KEY ("enrollment_id") REFERENCES "public"."enrollments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_reviews" ADD CONSTRAINT "billing_reviews_enrollment_id_enrollments_id_fk" FOREIGN KEY ("enrollment_id") REFERENCES "public"."enrollments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_reviews" ADD CONSTRAINT "billing_reviews_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_reviews" ADD CONSTRAINT "billing_reviews_grace_period_id_billing_grace_periods_id_fk" FOREIGN KEY ("grace_period_id") REFERENCES "public"."billing_grace_periods"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_reviews" ADD CONSTRAINT "billing_reviews_invoice_id_billing_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."billing_invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_reviews" ADD CONSTRAINT "billing_reviews_decided_by_accounts_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "billing_grace_open_idx" ON "billing_grace_periods" USING btree ("enrollment_id") WHERE status = 'open';--> statement-breakpoint
CREATE INDEX "billing_grace_enrollment_idx" ON "billing_grace_periods" USING btree ("enrollment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "billing_invoices_enrollment_month_idx" ON "billing_invoices" USING btree ("enrollment_id","coverage_month");--> statement-breakpoint
CREATE UNIQUE INDEX "billing_invoices_reference_idx" ON "billing_invoices" USING btree ("reference_number");--> statement-breakpoint
CREATE INDEX "billing_invoices_household_idx" ON "billing_invoices" USING btree ("household_id","coverage_month");--> statement-breakpoint
CREATE INDEX "billing_invoices_open_due_idx" ON "billing_invoices" USING btree ("due_date") WHERE status = 'open';--> statement-breakpoint
CREATE UNIQUE INDEX "billing_reviews_pending_idx" ON "billing_reviews" USING btree ("enrollment_id") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "billing_reviews_status_idx" ON "billing_reviews" USING btree ("status","created_at");--> statement-breakpoint
CREATE SEQUENCE billing_invoice_reference_seq START 1000 MAXVALUE 999999999;
--> statement-breakpoint
-- The same ten digits as src/billing/reference-number.ts: nine-digit sequence and a Luhn check digit.
CREATE FUNCTION billing_reference(seq bigint) RETURNS text LANGUAGE sql IMMUTABLE STRICT AS $$
  WITH body AS (SELECT lpad(seq::text, 9, '0') AS b),
  digits AS (
    SELECT i, substr(b, 10 - i, 1)::int AS d FROM body, generate_series(1, 9) AS i
  ),
  total AS (
    SELECT sum(CASE WHEN i % 2 = 1 THEN (CASE WHEN d * 2 > 9 THEN d * 2 - 9 ELSE d * 2 END) ELSE d END) AS s FROM digits
  )
  SELECT b || ((10 - (s % 10)) % 10)::text FROM body, total
$$;
--> statement-breakpoint
ALTER TABLE "billing_invoices" ALTER COLUMN "reference_number" SET DEFAULT billing_reference(nextval('billing_invoice_reference_seq'));
