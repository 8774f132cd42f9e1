ALTER TABLE "billing_invoices" ADD COLUMN "covered_days" smallint;--> statement-breakpoint
-- The same cents as prorateCents() in src/billing/proration.ts: cents × days ÷ days in the month, to the nearest cent, halves away from zero.
CREATE FUNCTION billing_prorate(cents integer, days integer, month_days integer) RETURNS integer LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT (sign(cents) * ((2 * abs(cents::bigint) * days + month_days) / (2 * month_days)))::integer
$$;
