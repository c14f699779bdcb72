// The admin console (管理后台): server-rendered pages for office staff. Every route needs a
// logged-in actor; each page checks the actor's role and unit scope (src/platform/access/roles.ts).
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import taskRoutes from './tasks.tsx';
import failedEventRoutes from './failed-events.tsx';
import { ADMIN_CSS } from './styles.tsx';


export default fp(
  async function admin(app: FastifyInstance) {
    app.get('/static/admin.css', async (_req, reply) => reply.type('text/css; charset=utf-8').header('Cache-Control', 'public, max-age=3600').send(ADMIN_CSS));
    await taskRoutes(app);
    await failedEventRoutes(app);
  },
  { name: 'feature-admin', dependencies: ['gongkai-auth'] },
);
