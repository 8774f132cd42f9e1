/** What the eligibility rules say to a person, in English and Spanish. */
import { defineMessages } from '../web/i18n.js';

export const eligibilityMessages = defineMessages(
  {
    'eligibility.income': 'Your household of {size} expects {income} of income in {year}. That is {percent}% of the federal poverty line ({poverty} for {size} in the {guidelineYear} guidelines).',
    'eligibility.referral.adult': 'The person aged {age} may qualify for {program}. We will refer them to the state, which decides; people who get {program} do not get a premium tax credit.',
    'eligibility.referral.child': 'The child aged {age} may qualify for {program}, the state’s coverage for children. We will refer them to the state, which decides.',
    'eligibility.referral.pregnant': 'The pregnant person aged {age} may qualify for {program}. We will refer them to the state, which decides.',
    'eligibility.notLawfullyPresent': 'The person aged {age} cannot buy a plan through the exchange without a lawful immigration status.',
    'eligibility.employerCoverage': 'The person aged {age} is offered employer coverage that costs at most {percent} of your income, so they do not get a premium tax credit.',
    'eligibility.credit.expected': 'You are expected to pay {percent} of your income toward the benchmark plan: {yearly} a year, or {monthly} a month.',
    'eligibility.credit.amount':
      'Your benchmark plan, the second-lowest-cost silver plan for the people who get the credit, costs {benchmark} a month. So your premium tax credit is up to {credit} a month ({yearly} a year).',
    'eligibility.credit.benchmarkBelow': 'Your benchmark plan, the second-lowest-cost silver plan, costs {benchmark} a month: less than you are expected to pay, so your premium tax credit is $0.',
    'eligibility.credit.cap': 'The credit is never more than the premium of the plan you choose.',
    'eligibility.credit.tobacco': 'The benchmark leaves out the tobacco surcharge, so the credit does not pay for it.',
    'eligibility.credit.partial': 'Only the people who qualify for the credit are counted in the benchmark; the others pay their full share.',
    'eligibility.none.aboveCeiling': 'In {year} the premium tax credit ends above 400% of the poverty line. Your income is {percent}%, so you pay the full premium.',
    'eligibility.none.belowPoverty': 'The premium tax credit starts at 100% of the poverty line. Your income is {percent}%.',
    'eligibility.none.lawfullyPresentBelowPoverty': 'From {year}, lawfully present people with income under 100% of the poverty line cannot get the premium tax credit.',
    'eligibility.none.incomeBasedSep': 'From {year}, coverage bought in the low-income special enrollment period does not get the premium tax credit.',
    'eligibility.none.allReferred': 'Everyone who needs coverage may qualify for state coverage, so plans are shown at their full price.',
    'eligibility.none.nobody': 'Nobody in this household can get the premium tax credit, so plans are shown at their full price.',
    'eligibility.assistance':
      '{program}: because your income is at or below {max}% of the poverty line, you are expected to pay {percent} of it instead: {monthly} a month. The state adds up to {amount} a month.',
    'eligibility.csr': 'Because your income is {percent}% of the poverty line, silver plans come with a lower deductible and copays: {level}.',
    'eligibility.csr.state': 'The state pays for this level of cost sharing.',
    'eligibility.csr.mixed': 'Not everyone applying qualifies for the credit, so silver plans are shown with their standard cost sharing.',
    'eligibility.aian.zero': 'Everyone applying is American Indian or Alaska Native with income at or below 300% of the poverty line: every plan comes with no deductible, copays or coinsurance.',
    'eligibility.aian.limited':
      'Everyone applying is American Indian or Alaska Native: care from the Indian Health Service, a tribal program or an urban Indian organization, or with their referral, costs you nothing.',
    'eligibility.errors.yearUnknown': 'We have no rules for plan year {year}.',
    'eligibility.errors.yearNotPublished': 'The rules for the {year} premium tax credit have not been published yet, so we cannot estimate it. Please try again when they are.',
    'eligibility.errors.householdSize': 'The household size must count everyone listed.',
  },
  {
    'eligibility.income':
      'Su hogar de {size} personas espera {income} de ingresos en {year}. Eso es el {percent}% del nivel federal de pobreza ({poverty} para {size} personas según las pautas de {guidelineYear}).',
    'eligibility.referral.adult':
      'La persona de {age} años podría calificar para {program}. La remitiremos al estado, que decide; quienes reciben {program} no reciben un crédito tributario para la prima.',
    'eligibility.referral.child': 'El niño o la niña de {age} años podría calificar para {program}, la cobertura del estado para niños. Lo remitiremos al estado, que decide.',
    'eligibility.referral.pregnant': 'La persona embarazada de {age} años podría calificar para {program}. La remitiremos al estado, que decide.',
    'eligibility.notLawfullyPresent': 'La persona de {age} años no puede comprar un plan en el mercado sin un estatus migratorio legal.',
    'eligibility.employerCoverage':
      'A la persona de {age} años le ofrecen cobertura del empleador que cuesta como máximo el {percent} de sus ingresos, así que no recibe crédito tributario para la prima.',
    'eligibility.credit.expected': 'Se espera que usted pague el {percent} de sus ingresos para el plan de referencia: {yearly} al año, o {monthly} al mes.',
    'eligibility.credit.amount':
      'Su plan de referencia, el segundo plan plata de menor costo para las personas que reciben el crédito, cuesta {benchmark} al mes. Por eso su crédito tributario para la prima es de hasta {credit} al mes ({yearly} al año).',
    'eligibility.credit.benchmarkBelow':
      'Su plan de referencia, el segundo plan plata de menor costo, cuesta {benchmark} al mes: menos de lo que se espera que pague, así que su crédito tributario para la prima es $0.',
    'eligibility.credit.cap': 'El crédito nunca es mayor que la prima del plan que elija.',
    'eligibility.credit.tobacco': 'El plan de referencia no incluye el recargo por tabaco, así que el crédito no lo cubre.',
    'eligibility.credit.partial': 'Solo las personas que califican para el crédito cuentan en el plan de referencia; las demás pagan su parte completa.',
    'eligibility.none.aboveCeiling': 'En {year} el crédito tributario para la prima termina por encima del 400% del nivel de pobreza. Sus ingresos son el {percent}%, así que paga la prima completa.',
    'eligibility.none.belowPoverty': 'El crédito tributario para la prima empieza en el 100% del nivel de pobreza. Sus ingresos son el {percent}%.',
    'eligibility.none.lawfullyPresentBelowPoverty':
      'Desde {year}, las personas con presencia legal e ingresos por debajo del 100% del nivel de pobreza no pueden recibir el crédito tributario para la prima.',
    'eligibility.none.incomeBasedSep': 'Desde {year}, la cobertura comprada en el período especial de inscripción por bajos ingresos no recibe el crédito tributario para la prima.',
    'eligibility.none.allReferred': 'Todas las personas que necesitan cobertura podrían calificar para la cobertura del estado, así que los planes se muestran a precio completo.',
    'eligibility.none.nobody': 'Nadie en este hogar puede recibir el crédito tributario para la prima, así que los planes se muestran a precio completo.',
    'eligibility.assistance':
      '{program}: como sus ingresos son iguales o menores al {max}% del nivel de pobreza, se espera que pague el {percent} de ellos: {monthly} al mes. El estado agrega hasta {amount} al mes.',
    'eligibility.csr': 'Como sus ingresos son el {percent}% del nivel de pobreza, los planes plata tienen un deducible y copagos más bajos: {level}.',
    'eligibility.csr.state': 'El estado paga este nivel de costos compartidos.',
    'eligibility.csr.mixed': 'No todas las personas que solicitan califican para el crédito, así que los planes plata se muestran con sus costos compartidos estándar.',
    'eligibility.aian.zero':
      'Todas las personas que solicitan son indígenas americanas o nativas de Alaska con ingresos iguales o menores al 300% del nivel de pobreza: todos los planes vienen sin deducible, copagos ni coseguro.',
    'eligibility.aian.limited':
      'Todas las personas que solicitan son indígenas americanas o nativas de Alaska: la atención del Servicio de Salud Indígena, de un programa tribal o de una organización indígena urbana, o con su remisión, no le cuesta nada.',
    'eligibility.errors.yearUnknown': 'No tenemos reglas para el año del plan {year}.',
    'eligibility.errors.yearNotPublished': 'Las reglas del crédito tributario para la prima de {year} aún no se han publicado, así que no podemos calcularlo. Vuelva a intentarlo cuando se publiquen.',
    'eligibility.errors.householdSize': 'El tamaño del hogar debe contar a todas las personas indicadas.',
  },
);

export type EligibilityMessageKey = keyof typeof eligibilityMessages.en;
