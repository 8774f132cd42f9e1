/** What other parts of the exchange may use from accounts (the module's entry; ADR 0136). */
export { loadSession, type Actor } from './sessions.js';
