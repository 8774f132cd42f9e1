/** The public home page and the staff home: entry points to every module. */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from './context.js';
import { defineMessages } from './i18n.js';
import { usePage } from './page-context.js';
import { LinkList } from './components.js';
import { renderPage } from './render.js';

export const homeMessages = defineMessages(
  {
    'home.title': 'Health coverage for {state}',
    'home.lead': 'Apply for health insurance, find out what help you can get to pay for it, compare plans and pay your premium.',
    'home.what': '{exchange} is the health insurance marketplace run by the State of {state}. Anyone who lives in {state} can buy a plan here, and most people get help paying for it.',
    'home.first': 'What to do first',
    'home.step.check': 'Check what you might pay',
    'home.step.checkText': 'Answer a few questions about your household to see plans and estimated prices, with the help you may get. You do not need an account.',
    'home.step.apply': 'Create an account and apply',
    'home.step.applyText': 'Tell us about your household and income. We tell you right away what help you qualify for.',
    'home.step.choose': 'Choose a plan and pay your first premium',
    'home.step.chooseText': 'Your coverage starts once we receive your first payment.',
    'home.haveAccount': 'Already have an account?',
    'home.shop': 'See plans and prices',
    'home.signIn': 'Sign in to your account',
    'home.register': 'Create an account',
    'home.welcome': 'Welcome, {name}',
    'home.yourAccount': 'Your account',
    'staff.title': 'Staff home',
    'staff.roles': 'Your roles: {roles}',
    'staff.tools': 'Your tools',
  },
  {
    'home.title': 'Cobertura médica para {state}',
    'home.lead': 'Solicite un seguro médico, averigüe qué ayuda puede recibir para pagarlo, compare planes y pague su prima.',
    'home.what': '{exchange} es el mercado de seguros médicos del Estado de {state}. Cualquier persona que viva en {state} puede comprar un plan aquí, y la mayoría recibe ayuda para pagarlo.',
    'home.first': 'Qué hacer primero',
    'home.step.check': 'Vea cuánto podría pagar',
    'home.step.checkText': 'Responda algunas preguntas sobre su hogar para ver planes y precios estimados, con la ayuda que podría recibir. No necesita una cuenta.',
    'home.step.apply': 'Cree una cuenta y presente su solicitud',
    'home.step.applyText': 'Cuéntenos sobre su hogar y sus ingresos. Le diremos enseguida qué ayuda puede recibir.',
    'home.step.choose': 'Elija un plan y pague su primera prima',
    'home.step.chooseText': 'Su cobertura comienza cuando recibamos su primer pago.',
    'home.haveAccount': '¿Ya tiene una cuenta?',
    'home.shop': 'Ver planes y precios',
    'home.signIn': 'Iniciar sesión en su cuenta',
    'home.register': 'Crear una cuenta',
    'home.welcome': 'Bienvenido/a, {name}',
    'home.yourAccount': 'Su cuenta',
    'staff.title': 'Inicio del personal',
    'staff.roles': 'Sus funciones: {roles}',
    'staff.tools': 'Sus herramientas',
  },
);

function Home(props: { links: AppContext['hooks']['customerLinks'] }) {
  const { lang, profile, actor } = usePage();
  const t = homeMessages.for(lang);
  const state = profile.name[lang];
  if (actor) {
    return (
      <div class="usa-prose">
        <h1>{t('home.title', { state })}</h1>
        <p>{t('home.welcome', { name: actor.firstName })}</p>
        <p class="usa-intro">{t('home.lead')}</p>
        {actor.kind === 'customer' && props.links.length > 0 && (
          <>
            <h2>{t('home.yourAccount')}</h2>
            <LinkList links={props.links} lang={lang} id="customer-links" />
          </>
        )}
      </div>
    );
  }
  return (
    <div class="usa-prose">
      <h1>{t('home.title', { state })}</h1>
      <p class="usa-intro">{t('home.what', { exchange: profile.exchangeName, state })}</p>
      <p>{t('home.lead')}</p>
      <h2>{t('home.first')}</h2>
      <ol class="usa-process-list">
        <li class="usa-process-list__item">
          <h3 class="usa-process-list__heading">{t('home.step.check')}</h3>
          <p>{t('home.step.checkText')}</p>
          <a class="usa-button" href="/shop">
            {t('home.shop')}
          </a>
        </li>
        <li class="usa-process-list__item">
          <h3 class="usa-process-list__heading">{t('home.step.apply')}</h3>
          <p>{t('home.step.applyText')}</p>
          <a class="usa-button usa-button--outline" href="/register">
            {t('home.register')}
          </a>
        </li>
        <li class="usa-process-list__item">
          <h3 class="usa-process-list__heading">{t('home.step.choose')}</h3>
          <p>{t('home.step.chooseText')}</p>
        </li>
      </ol>
      <p>
        {t('home.haveAccount')} <a href="/sign-in">{t('home.signIn')}</a>
      </p>
    </div>
  );
}

function StaffHome(props: { links: AppContext['hooks']['staffLinks'] }) {
  const { lang, actor } = usePage();
  const t = homeMessages.for(lang);
  const roles = actor?.roles ?? [];
  const tools = props.links.filter((tool) => tool.roles.some((r) => roles.includes(r as never)));
  return (
    <div class="usa-prose">
      <h1>{t('staff.title')}</h1>
      <p>{t('staff.roles', { roles: roles.join(', ') })}</p>
      <h2>{t('staff.tools')}</h2>
      <ul class="usa-list">
        {tools.map((tool) => (
          <li key={tool.href}>
            <a href={tool.href}>{tool.label[lang]}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function homeRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/', async (req, reply) => {
    // A signed-in customer's home is their task list (src/home); everyone else sees what the exchange is and what to do first.
    const tasks = req.actor?.kind === 'customer' && ctx.hooks.customerHome ? await ctx.hooks.customerHome(req) : null;
    return renderPage(ctx, req, reply, tasks ?? { title: homeMessages.for(req.lang)('home.title', { state: ctx.profile.name[req.lang] }), body: <Home links={ctx.hooks.customerLinks} /> });
  });
  // Browsers ask for /favicon.ico whatever the page says; the icon is an SVG among the assets.
  app.get('/favicon.ico', async (_req, reply) => reply.redirect('/assets/favicon.svg', 301));
  app.get('/staff', async (req, reply) => renderPage(ctx, req, reply, { title: homeMessages.for(req.lang)('staff.title'), body: <StaffHome links={ctx.hooks.staffLinks} /> }));
}
