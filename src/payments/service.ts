/** The payments module's service on the app context: the processor client and, in development and tests, the stand-in. */
import type { PaymentProcessor } from './processor.js';
import type { StandInProcessor } from './stand-in-processor.js';

export interface PaymentsService {
  processor: PaymentProcessor;
  /** Secret shared with the processor for webhook signatures. */
  webhookSecret: string;
  /** The local stand-in, when no processor URL is configured. */
  standIn: StandInProcessor | null;
}

declare module '../web/context.js' {
  interface AppServices {
    payments: PaymentsService;
  }
}
