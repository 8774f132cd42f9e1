CREATE TABLE "carrier_discrepancies" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"import_id" uuid NOT NULL,
	"policy_number" text NOT NULL,
	"enrollment_id" uuid,
	"kind" text NOT NULL,
	"field" text,
	"exchange_value" text,
	"carrier_value" text
);
--> statement-breakpoint
CREATE TABLE "carrier_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"control_number" bigserial NOT NULL,
	"carrier_hios_id" text NOT NULL,
	"kind" text NOT NULL,
	"period" text NOT NULL,
	"path" text NOT NULL,
	"sha256" text NOT NULL,
	"records" integer NOT NULL,
	"total_cents" integer,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "carrier_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"carrier_hios_id" text NOT NULL,
	"kind" text NOT NULL,
	"file_name" text NOT NULL,
	"sha256" text NOT NULL,
	"records" integer NOT NULL,
	"discrepancies" integer NOT NULL,
	"imported_by" uuid,
	"imported_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "carrier_discrepancies" ADD CONSTRAINT "carrier_discrepancies_import_id_carrier_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."carrier_imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "carrier_discrepancies" ADD CONSTRAINT "carrier_discrepancies_enrollment_id_enrollments_id_fk" FOREIGN KEY ("enrollment_id") REFERENCES "public"."enrollments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "carrier_imports" ADD CONSTRAINT "carrier_imports_imported_by_accounts_id_fk" FOREIGN KEY ("imported_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "carrier_discrepancies_import_idx" ON "carrier_discrepancies" USING btree ("import_id");--> statement-breakpoint
CREATE UNIQUE INDEX "carrier_files_period_idx" ON "carrier_files" USING btree ("carrier_hios_id","kind","period");--> statement-breakpoint
CREATE UNIQUE INDEX "carrier_files_control_idx" ON "carrier_files" USING btree ("control_number");--> statement-breakpoint
CREATE UNIQUE INDEX "carrier_imports_sha_idx" ON "carrier_imports" USING btree ("sha256");--> statement-breakpoint
CREATE INDEX "carrier_imports_carrier_idx" ON "carrier_imports" USING btree ("carrier_hios_id","imported_at");