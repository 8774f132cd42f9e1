/** The one safe-redirect rule (ADR 0081) is the web layer's: src/web/safe-next.ts. */
export { safeNext } from '../web/safe-next.js';
