CREATE TABLE "irs_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"tax_year" smallint NOT NULL,
	"submission_year" smallint,
	"submission_month" smallint,
	"transmission_id" text NOT NULL,
	"file_name" text NOT NULL,
	"sha256" text NOT NULL,
	"bytes" integer NOT NULL,
	"record_count" integer NOT NULL,
	"originals" integer DEFAULT 0 NOT NULL,
	"corrected" integer DEFAULT 0 NOT NULL,
	"voids" integer DEFAULT 0 NOT NULL,
	"total_premium" numeric(19, 2) NOT NULL,
	"total_slcsp" numeric(19, 2) NOT NULL,
	"total_aptc" numeric(19, 2) NOT NULL,
	"status" text NOT NULL,
	"receipt_id" text,
	"ack_code" text,
	"ack_message" text,
	"file_errors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"answers_id" uuid,
	"written_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	"acknowledged_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "irs_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"file_id" uuid NOT NULL,
	"record_sequence_num" integer NOT NULL,
	"statement_id" uuid,
	"household_id" uuid,
	"kind" text NOT NULL,
	"refers_to" text,
	"unique_record_id" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"errors" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "irs_files" ADD CONSTRAINT "irs_files_answers_id_irs_files_id_fk" FOREIGN KEY ("answers_id") REFERENCES "public"."irs_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "irs_records" ADD CONSTRAINT "irs_records_file_id_irs_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."irs_files"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "irs_records" ADD CONSTRAINT "irs_records_statement_id_tax_statements_id_fk" FOREIGN KEY ("statement_id") REFERENCES "public"."tax_statements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "irs_records" ADD CONSTRAINT "irs_records_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "irs_files_transmission_idx" ON "irs_files" USING btree ("transmission_id");--> statement-breakpoint
CREATE INDEX "irs_files_year_idx" ON "irs_files" USING btree ("kind","tax_year","status");--> statement-breakpoint
CREATE UNIQUE INDEX "irs_records_seq_idx" ON "irs_records" USING btree ("file_id","record_sequence_num");--> statement-breakpoint
CREATE INDEX "irs_records_statement_idx" ON "irs_records" USING btree ("statement_id");