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
  return (
    <div class="usa-prose">
      <h1>{t('home.title', { state: profile.name[lang] })}</h1>
      {actor && <p>{t('home.welcome', { name: actor.firstName })}</p>}
      <p class="usa-intro">{t('home.lead')}</p>
      <ul class="usa-button-group">
        <li class="usa-button-group__item">
          <a class="usa-button" href="/shop">{t('home.shop')}</a>
        </li>
        {!actor && (
          <>
            <li class="usa-button-group__item">
              <a class="usa-button usa-button--outline" href="/sign-in">{t('home.signIn')}</a>
            </li>
            <li class="usa-button-group__item">
              <a class="usa-button usa-button--outline" href="/register">{t('home.register')}</a>
            </li>
          </>
        )}
      </ul>
      {actor?.kind === 'customer' && props.links.length > 0 && (
        <>
          <h2>{t('home.yourAccount')}</h2>
          <LinkList links={props.links} lang={lang} id="customer-links" />
        </>
      )}
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
  app.get('/', async (req, reply) => renderPage(ctx, req, reply, { title: homeMessages.for(req.lang)('home.title', { state: ctx.profile.name[req.lang] }), body: <Home links={ctx.hooks.customerLinks} /> }));
  app.get('/staff', async (req, reply) => renderPage(ctx, req, reply, { title: homeMessages.for(req.lang)('staff.title'), body: <StaffHome links={ctx.hooks.staffLinks} /> }));
}
