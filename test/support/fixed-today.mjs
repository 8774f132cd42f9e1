/**
 * `CANDOR_TEST_TODAY=2027-01-01 npm test` runs the whole suite as if today were
 * that day: every test process (loaded through NODE_OPTIONS=--import) sees the
 * wall clock moved to noon in Vermont on that day when it starts, and ticking on
 * from there. A full instant (`2027-01-01T04:59:00Z`) is taken as given.
 *
 * It proves that no test depends on the day it happens to run: a test that
 * needs a day fixes it with a ManualClock or its own dates, and passes on any.
 */
const fixed = process.env.CANDOR_TEST_TODAY;
if (fixed) {
  const RealDate = globalThis.Date;
  const start = /^\d{4}-\d{2}-\d{2}$/.test(fixed) ? `${fixed}T17:00:00Z` : fixed;
  const target = RealDate.parse(start);
  if (Number.isNaN(target)) throw new Error(`CANDOR_TEST_TODAY: not a date or instant: ${fixed}`);
  const offset = target - RealDate.now();
  class ShiftedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + offset);
      else super(...args);
    }
    static now() {
      return RealDate.now() + offset;
    }
  }
  globalThis.Date = ShiftedDate;
  // The database's clock is not moved: pg-boss's warning about the skew it then sees is expected, and
  // would otherwise land in the output that command-line tests compare.
  const emitWarning = process.emitWarning.bind(process);
  process.emitWarning = (warning, ...rest) => {
    const code = typeof rest[0] === 'object' ? rest[0]?.code : rest[1];
    if (code === 'pg-boss-w02') return;
    emitWarning(warning, ...rest);
  };
}
