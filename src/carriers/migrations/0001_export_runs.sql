CREATE TABLE "carrier_export_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"period" text NOT NULL,
	"started_by" text NOT NULL,
	"files" integer NOT NULL,
	"records" integer NOT NULL,
	"ran_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "carrier_export_runs_period_idx" ON "carrier_export_runs" USING btree ("kind","period");--> statement-breakpoint
CREATE INDEX "carrier_export_runs_ran_idx" ON "carrier_export_runs" USING btree ("ran_at");