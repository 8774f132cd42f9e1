/** The IRS reports, as the tax-forms module uses them (see docs/adr/0140). */
export * from './types.js';
export { writeAnnual1095AFile, splitForTransmission, uniqueRecordId, parseUniqueRecordId, IrsFileInputError } from './annual-file.js';
export { writeMonthlyEpdFile } from './monthly-file.js';
export { validateIrsXml, validateIrsXmlMany, type IrsMessage, type SchemaResult } from './xsd.js';
export { annualExceptions, type StatementException } from './preflight.js';
export { planResubmission, planMonthlyResubmission, ResubmissionMismatch, type ResubmissionPlan, type ResubmissionItem } from './resubmission.js';
export { createIrsClient, type IrsClient, type IrsClientConfig, type IrsFailure, type IrsResult } from './client.js';
export { MAX_RECORDS_PER_FILE } from './namespaces.js';
