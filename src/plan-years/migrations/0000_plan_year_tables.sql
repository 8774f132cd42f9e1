CREATE TABLE "plan_year_tables" (
	"plan_year" smallint NOT NULL,
	"name" text NOT NULL,
	"source" text NOT NULL,
	"state" text NOT NULL,
	"data" jsonb,
	"loaded_at" timestamp with time zone NOT NULL,
	"loaded_by" uuid,
	CONSTRAINT "plan_year_tables_plan_year_name_pk" PRIMARY KEY("plan_year","name")
);
