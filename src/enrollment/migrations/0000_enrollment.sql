CREATE TABLE "household_addresses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"household_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"line1" text NOT NULL,
	"line2" text DEFAULT '' NOT NULL,
	"city" text NOT NULL,
	"state" text NOT NULL,
	"zip" text NOT NULL,
	"county" text DEFAULT '' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"household_id" uuid NOT NULL,
	"plan_year" smallint NOT NULL,
	"channel" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"step" text DEFAULT 'household' NOT NULL,
	"entered_by" uuid,
	"received_on" date,
	"annual_income_cents" integer,
	"tax_household_size" smallint,
	"submitted_at" timestamp with time zone,
	"determined_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "application_attestations" (
	"application_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"version" text NOT NULL,
	"attested_by" uuid,
	"attested_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "eligibility_determinations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"plan_year" smallint NOT NULL,
	"outcome" text NOT NULL,
	"fpl_percent" integer NOT NULL,
	"max_aptc_cents" integer DEFAULT 0 NOT NULL,
	"state_assistance_cents" integer DEFAULT 0 NOT NULL,
	"csr_variant" text DEFAULT '01' NOT NULL,
	"reasons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"determined_at" timestamp with time zone NOT NULL,
	"current" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "enrollment_members" (
	"enrollment_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"is_subscriber" boolean DEFAULT false NOT NULL,
	"premium_cents" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "enrollment_transitions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"enrollment_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"effective_date" date NOT NULL,
	"reason" text NOT NULL,
	"actor" text NOT NULL,
	"actor_kind" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "enrollments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"household_id" uuid NOT NULL,
	"application_id" uuid,
	"plan_year" smallint NOT NULL,
	"carrier_hios_id" text NOT NULL,
	"plan_hios_id" text NOT NULL,
	"plan_variant" text DEFAULT '01' NOT NULL,
	"policy_number" text NOT NULL,
	"rating_area" text DEFAULT '1' NOT NULL,
	"coverage_start" date NOT NULL,
	"coverage_end" date NOT NULL,
	"gross_premium_cents" integer NOT NULL,
	"aptc_cents" integer DEFAULT 0 NOT NULL,
	"state_assistance_cents" integer DEFAULT 0 NOT NULL,
	"net_premium_cents" integer NOT NULL,
	"status" text DEFAULT 'pending-binder' NOT NULL,
	"status_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"end_reason" text,
	"carrier_confirmed_at" timestamp with time zone,
	"carrier_policy_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "enrollments_amounts_check" CHECK (gross_premium_cents >= 0 AND aptc_cents >= 0 AND state_assistance_cents >= 0 AND net_premium_cents >= 0 AND net_premium_cents = greatest(0, gross_premium_cents - aptc_cents - state_assistance_cents)),
	CONSTRAINT "enrollments_dates_check" CHECK (coverage_end >= coverage_start)
);
--> statement-breakpoint
CREATE TABLE "households" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_account_id" uuid,
	"case_number" text NOT NULL,
	"state" text NOT NULL,
	"language" text DEFAULT 'en' NOT NULL,
	"electronic_notices" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "household_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"household_id" uuid NOT NULL,
	"is_primary" boolean DEFAULT false NOT NULL,
	"first_name" text NOT NULL,
	"last_name" text NOT NULL,
	"date_of_birth" date NOT NULL,
	"sex" text DEFAULT 'U' NOT NULL,
	"ssn_sealed" text,
	"ssn_hash" text,
	"ssn_last4" text,
	"seeking_coverage" boolean DEFAULT true NOT NULL,
	"tobacco_use" boolean DEFAULT false NOT NULL,
	"pregnant" boolean DEFAULT false NOT NULL,
	"aian" boolean DEFAULT false NOT NULL,
	"citizenship" text DEFAULT 'citizen' NOT NULL,
	"incarcerated" boolean DEFAULT false NOT NULL,
	"other_coverage" boolean DEFAULT false NOT NULL,
	"tax_filing" text DEFAULT 'filer' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "household_relationships" (
	"household_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"related_to_id" uuid NOT NULL,
	"kind" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "verifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"member_id" uuid,
	"element" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attested_at" timestamp with time zone NOT NULL,
	"inconsistency_ends_on" date,
	"source" text,
	"hub_reference" text,
	"resolved_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "household_addresses" ADD CONSTRAINT "household_addresses_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_entered_by_accounts_id_fk" FOREIGN KEY ("entered_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_attestations" ADD CONSTRAINT "application_attestations_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_attestations" ADD CONSTRAINT "application_attestations_attested_by_accounts_id_fk" FOREIGN KEY ("attested_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eligibility_determinations" ADD CONSTRAINT "eligibility_determinations_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eligibility_determinations" ADD CONSTRAINT "eligibility_determinations_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eligibility_determinations" ADD CONSTRAINT "eligibility_determinations_member_id_household_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."household_members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollment_members" ADD CONSTRAINT "enrollment_members_enrollment_id_enrollments_id_fk" FOREIGN KEY ("enrollment_id") REFERENCES "public"."enrollments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollment_members" ADD CONSTRAINT "enrollment_members_member_id_household_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."household_members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollment_transitions" ADD CONSTRAINT "enrollment_transitions_enrollment_id_enrollments_id_fk" FOREIGN KEY ("enrollment_id") REFERENCES "public"."enrollments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollments" ADD CONSTRAINT "enrollments_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollments" ADD CONSTRAINT "enrollments_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "households" ADD CONSTRAINT "households_customer_account_id_accounts_id_fk" FOREIGN KEY ("customer_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_members" ADD CONSTRAINT "household_members_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_relationships" ADD CONSTRAINT "household_relationships_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_relationships" ADD CONSTRAINT "household_relationships_member_id_household_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."household_members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_relationships" ADD CONSTRAINT "household_relationships_related_to_id_household_members_id_fk" FOREIGN KEY ("related_to_id") REFERENCES "public"."household_members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verifications" ADD CONSTRAINT "verifications_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verifications" ADD CONSTRAINT "verifications_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verifications" ADD CONSTRAINT "verifications_member_id_household_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."household_members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verifications" ADD CONSTRAINT "verifications_resolved_by_accounts_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "addresses_household_kind_idx" ON "household_addresses" USING btree ("household_id","kind");--> statement-breakpoint
CREATE INDEX "applications_household_idx" ON "applications" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "applications_status_channel_idx" ON "applications" USING btree ("status","channel");--> statement-breakpoint
CREATE UNIQUE INDEX "attestations_kind_idx" ON "application_attestations" USING btree ("application_id","kind");--> statement-breakpoint
CREATE INDEX "determinations_household_idx" ON "eligibility_determinations" USING btree ("household_id","current");--> statement-breakpoint
CREATE INDEX "determinations_application_idx" ON "eligibility_determinations" USING btree ("application_id");--> statement-breakpoint
CREATE UNIQUE INDEX "enrollment_members_idx" ON "enrollment_members" USING btree ("enrollment_id","member_id");--> statement-breakpoint
CREATE INDEX "enrollment_members_member_idx" ON "enrollment_members" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "transitions_enrollment_idx" ON "enrollment_transitions" USING btree ("enrollment_id","id");--> statement-breakpoint
CREATE INDEX "transitions_at_idx" ON "enrollment_transitions" USING btree ("at");--> statement-breakpoint
CREATE UNIQUE INDEX "enrollments_policy_idx" ON "enrollments" USING btree ("policy_number");--> statement-breakpoint
CREATE INDEX "enrollments_household_idx" ON "enrollments" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "enrollments_status_idx" ON "enrollments" USING btree ("status");--> statement-breakpoint
CREATE INDEX "enrollments_carrier_idx" ON "enrollments" USING btree ("carrier_hios_id");--> statement-breakpoint
CREATE UNIQUE INDEX "households_case_number_idx" ON "households" USING btree ("case_number");--> statement-breakpoint
CREATE UNIQUE INDEX "households_customer_idx" ON "households" USING btree ("customer_account_id") WHERE customer_account_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "members_household_idx" ON "household_members" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "members_ssn_hash_idx" ON "household_members" USING btree ("ssn_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "relationships_pair_idx" ON "household_relationships" USING btree ("member_id","related_to_id");--> statement-breakpoint
CREATE INDEX "verifications_status_idx" ON "verifications" USING btree ("status","element");--> statement-breakpoint
CREATE INDEX "verifications_household_idx" ON "verifications" USING btree ("household_id");--> statement-breakpoint
CREATE UNIQUE INDEX "verifications_element_idx" ON "verifications" USING btree ("application_id","element",coalesce(member_id, '00000000-0000-0000-0000-000000000000'::uuid));