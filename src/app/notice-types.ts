/**
 * The notice types that modules above notices declare (and raise), registered with the notices
 * catalogue when the exchange is assembled. Notices itself imports none of them: dependencies
 * point one way (ADR 0136). A module that declares notice types adds its file here (its own code
 * that raises them imports it too, so the types are known wherever they are raised).
 */
import '../hub/notices.js';
import '../renewal/notices.js';
import '../tax-forms/notices.js';
