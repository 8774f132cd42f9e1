/** The accounts part of the JSON API. */
import type { FastifyInstance } from 'fastify';

export function apiRoutes(app: FastifyInstance) {
  app.get(
    '/api/v1/me',
    {
      schema: {
        summary: 'Who is calling: account id, kind and roles (with a personal access token, the roles held now)',
        tags: ['accounts'],
        security: [{ bearer: [] }],
        response: {
          200: {
            type: 'object',
            required: ['id', 'kind', 'roles'],
            properties: {
              id: { type: 'string', format: 'uuid' },
              kind: { type: 'string', enum: ['customer', 'staff'] },
              roles: { type: 'array', items: { type: 'string' } },
            },
          },
        },
      },
    },
    async (req) => ({ id: req.actor!.accountId, kind: req.actor!.kind, roles: req.actor!.roles }),
  );
}
