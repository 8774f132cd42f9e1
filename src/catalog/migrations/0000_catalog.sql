CREATE TABLE "catalog_carriers" (
	"issuer_id" text PRIMARY KEY NOT NULL,
	"state_code" text NOT NULL,
	"name" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalog_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigserial NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text NOT NULL,
	"plans" integer NOT NULL,
	"rates" integer NOT NULL,
	CONSTRAINT "catalog_imports_seq_unique" UNIQUE("seq")
);
--> statement-breakpoint
CREATE TABLE "catalog_plans" (
	"plan_year" smallint NOT NULL,
	"plan_id" text NOT NULL,
	"standard_component_id" text NOT NULL,
	"variant" text NOT NULL,
	"issuer_id" text NOT NULL,
	"state_code" text NOT NULL,
	"name" text NOT NULL,
	"csr_variation_type" text NOT NULL,
	"metal_level" text NOT NULL,
	"network_type" text NOT NULL,
	"hsa_eligible" boolean NOT NULL,
	"deductible_individual_cents" integer NOT NULL,
	"deductible_family_cents" integer,
	"oop_max_individual_cents" integer NOT NULL,
	"oop_max_family_cents" integer,
	"cost_sharing" jsonb NOT NULL,
	CONSTRAINT "catalog_plans_plan_year_plan_id_pk" PRIMARY KEY("plan_year","plan_id")
);
--> statement-breakpoint
CREATE TABLE "catalog_rates" (
	"plan_year" smallint NOT NULL,
	"state_code" text NOT NULL,
	"standard_component_id" text NOT NULL,
	"rating_area_id" text NOT NULL,
	"effective_on" date NOT NULL,
	"expires_on" date NOT NULL,
	"age" text NOT NULL,
	"age_from" smallint,
	"age_to" smallint,
	"individual_cents" integer NOT NULL,
	"tobacco_cents" integer,
	"couple_cents" integer,
	"primary_one_dependent_cents" integer,
	"primary_two_dependents_cents" integer,
	"primary_three_or_more_dependents_cents" integer,
	"couple_one_dependent_cents" integer,
	"couple_two_dependents_cents" integer,
	"couple_three_or_more_dependents_cents" integer
);
--> statement-breakpoint
CREATE TABLE "catalog_rating_area_places" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"state_code" text NOT NULL,
	"rating_area_id" text NOT NULL,
	"county" text,
	"zip_prefix" text
);
--> statement-breakpoint
CREATE TABLE "catalog_rating_areas" (
	"state_code" text NOT NULL,
	"rating_area_id" text NOT NULL,
	CONSTRAINT "catalog_rating_areas_state_code_rating_area_id_pk" PRIMARY KEY("state_code","rating_area_id")
);
--> statement-breakpoint
ALTER TABLE "catalog_plans" ADD CONSTRAINT "catalog_plans_issuer_id_catalog_carriers_issuer_id_fk" FOREIGN KEY ("issuer_id") REFERENCES "public"."catalog_carriers"("issuer_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "catalog_plans_state_idx" ON "catalog_plans" USING btree ("plan_year","state_code","standard_component_id");--> statement-breakpoint
CREATE UNIQUE INDEX "catalog_rates_key_idx" ON "catalog_rates" USING btree ("plan_year","standard_component_id","rating_area_id","effective_on","age");--> statement-breakpoint
CREATE INDEX "catalog_rates_area_idx" ON "catalog_rates" USING btree ("plan_year","state_code","rating_area_id");--> statement-breakpoint
CREATE UNIQUE INDEX "catalog_places_county_idx" ON "catalog_rating_area_places" USING btree ("state_code","county","zip_prefix");--> statement-breakpoint
CREATE INDEX "catalog_places_zip_idx" ON "catalog_rating_area_places" USING btree ("zip_prefix");