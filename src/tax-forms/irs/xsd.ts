/**
 * Validation against the IRS's own schemas (copied unchanged under ./xsd), with
 * libxml2's xmllint compiled to WebAssembly: no native library, no network.
 * The schema files are read once per process.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateXML } from 'xmllint-wasm';

const HERE = path.dirname(fileURLToPath(import.meta.url));

export type IrsMessage =
  /** IRS-Form1095ATransmissionUpstreamMessage.xsd */
  | 'annual-upstream'
  /** IRS-Form1095ATransmissionExchAckngMessage.xsd */
  | 'annual-ack'
  /** IRS-Form1095ATransmissionExchRespMessage.xsd */
  | 'annual-response'
  /** HHS-IRS-MonthlyExchangePeriodicDataMessage-1.0.xsd */
  | 'monthly-epd'
  /** HHS-IRS-EPDErrorResponseMessage-1.0.xsd */
  | 'monthly-error-response';

const SCHEMAS: Record<IrsMessage, { dir: string; main: string; deps: string[] }> = {
  'annual-upstream': { dir: 'h41', main: 'MSG/IRS-Form1095ATransmissionUpstreamMessage.xsd', deps: ['EXT/IRS-EXT-ACA-AIR-1095A.xsd'] },
  'annual-ack': { dir: 'h41', main: 'MSG/IRS-Form1095ATransmissionExchAckngMessage.xsd', deps: ['EXT/IRS-EXT-ACA-AIR-1095A.xsd'] },
  'annual-response': { dir: 'h41', main: 'MSG/IRS-Form1095ATransmissionExchRespMessage.xsd', deps: ['EXT/IRS-EXT-ACA-AIR-1095A.xsd'] },
  'monthly-epd': { dir: 'h36', main: 'MSG/HHS-IRS-MonthlyExchangePeriodicDataMessage-1.0.xsd', deps: [] },
  'monthly-error-response': { dir: 'h36', main: 'MSG/HHS-IRS-EPDErrorResponseMessage-1.0.xsd', deps: ['EXT/HHS-IRS-EXT-ACA-ISR-4.0.xsd'] },
};
const COMMON = ['COMMON/IRS-CAC.xsd', 'COMMON/IRS-CBC.xsd', 'COMMON/IRS-SDT.xsd'];

const cache = new Map<string, string>();
function read(dir: string, rel: string): { fileName: string; contents: string } {
  const file = path.join(HERE, 'xsd', dir, 'XMLschemas', rel);
  let contents = cache.get(file);
  if (contents === undefined) {
    contents = fs.readFileSync(file, 'utf8');
    cache.set(file, contents);
  }
  return { fileName: rel, contents };
}

export interface SchemaError {
  /** Line in the document (the writers put each file on few lines, so the message matters more). */
  line: number | null;
  /** libxml2's message, naming the element and what was expected (values cut out: see redact). */
  message: string;
}

export interface SchemaResult {
  valid: boolean;
  errors: SchemaError[];
}

/**
 * libxml2 quotes the offending value in some messages ("'12345678' is not accepted
 * by the pattern"). A value may be an SSN, so quoted values are cut from every
 * message before it leaves this function.
 */
function redact(message: string): string {
  return message
    .replace(/\[facet '([a-zA-Z]+)'\] The value '[^']*'/g, "[facet '$1'] The value")
    .replace(/: '[^']*' is not a valid value/g, ': the value is not a valid value')
    .replace(/'[0-9-]{9,11}'/g, "'…'");
}

export async function validateIrsXml(message: IrsMessage, xml: string): Promise<SchemaResult> {
  return (await validateIrsXmlMany(message, [xml]))[0];
}

/** Several documents against one schema in one pass (the schema is compiled once). */
export async function validateIrsXmlMany(message: IrsMessage, xmls: readonly string[]): Promise<SchemaResult[]> {
  const s = SCHEMAS[message];
  const names = xmls.map((_, i) => `document-${i + 1}.xml`);
  const result = await validateXML({
    xml: xmls.map((contents, i) => ({ fileName: names[i], contents })),
    schema: [read(s.dir, s.main)],
    preload: [...s.deps, ...COMMON].map((rel) => read(s.dir, rel)),
    maxMemoryPages: 4096,
  });
  return names.map((name) => {
    const errors = result.errors.filter((e) => e.loc?.fileName === name || (e.loc === null && xmls.length === 1));
    return { valid: errors.length === 0 && (xmls.length > 1 || result.valid), errors: errors.map((e) => ({ line: e.loc?.lineNumber ?? null, message: redact(e.message) })) };
  });
}
