/** The namespaces of the IRS schemas copied under ./xsd (see docs/adr/0140). */
export const NS = {
  /** IRS common components (IRS-CAC/CBC/SDT). */
  irs: 'urn:us:gov:treasury:irs:common',
  /** IRS-EXT-ACA-AIR-1095A.xsd, the Form 1095-A vocabulary. */
  air: 'urn:us:gov:treasury:irs:ext:aca:air:ty20a',
  upstream: 'urn:us:gov:treasury:irs:msg:form1095atransmissionupstreammessage',
  ack: 'urn:us:gov:treasury:irs:msg:form1095atransmissionexchackngmessage',
  resp: 'urn:us:gov:treasury:irs:msg:form1095atransmissionexchrespmessage',
  /** HHS-IRS-MonthlyExchangePeriodicDataMessage-1.0.xsd */
  epd: 'urn:us:gov:treasury:irs:msg:monthlyexchangeperiodicdata',
  /** HHS-IRS-EPDErrorResponseMessage-1.0.xsd */
  epdErr: 'urn:us:gov:treasury:irs:msg:hhsirsepderrorresponsedata',
  /** HHS-IRS-EXT-ACA-ISR-4.0.xsd */
  isr: 'urn:us:gov:treasury:irs:ext:aca:hhsisr:4.0',
} as const;

/** ExchangeIdType (IRS-SDT.xsd). */
export const MARKETPLACE_ID = /^[0-9]{2}\.[a-zA-Z]{2}[a-zA-Z*]{1}\.[a-zA-Z0-9]{3}\.[0-9]{3}\.[0-9]{3}$/;

/** RecordSequenceNumType's documentation: "range 1-15000" for 1095-A records; Candor's files hold at most this many. */
export const MAX_RECORDS_PER_FILE = 15000;
