import type { ParsedArgs } from '../app/module.js';
import type { AppContext } from '../web/context.js';

/** Demo households with applications and enrollments (filled in below). */
export async function seedEnrollment(_ctx: AppContext, _report: (line: string) => void, _args: ParsedArgs): Promise<void> {}
