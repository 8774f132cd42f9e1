/** Every module of the exchange, in the order they start. One line each. */
import type { CandorModule } from '../web/module.js';
import './notice-types.js';
import { homeRoutes } from '../web/home.js';
import { auditModule } from '../audit/module.js';
import { accountsModule } from '../accounts/module.js';
import { capabilitiesModule } from '../capabilities/module.js';
import { hubModule } from '../hub/module.js';
import { enrollmentModule } from '../enrollment/module.js';
import { catalogModule } from '../catalog/module.js';
import { planYearsModule } from '../plan-years/module.js';
import { noticesModule } from '../notices/module.js';
import { billingModule } from '../billing/module.js';
import { paymentsModule } from '../payments/module.js';
import { carriersModule } from '../carriers/module.js';
import { renewalModule } from '../renewal/module.js';
import { taxFormsModule } from '../tax-forms/module.js';
import { homeTasksModule } from '../home/module.js';

export const MODULES: ReadonlyArray<CandorModule> = [
  { name: 'home', routes: homeRoutes },
  auditModule,
  accountsModule,
  capabilitiesModule,
  hubModule,
  planYearsModule,
  catalogModule,
  noticesModule,
  enrollmentModule,
  billingModule,
  paymentsModule,
  carriersModule,
  renewalModule,
  taxFormsModule,
  homeTasksModule,
];
