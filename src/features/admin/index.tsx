// The admin console (管理后台): server-rendered pages for office staff. Every route needs a
// logged-in actor; each page checks the actor's role and unit scope (src/platform/access/roles.ts).
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import taskRoutes from './tasks.tsx';
import documentRoutes from './documents.tsx';
import unitRoutes from './units.tsx';
import userRoutes from './users.tsx';
import termRoutes from './terms.tsx';
import auditRoutes from './audit.tsx';
import calendarRoutes from './calendar.tsx';
import { ADMIN_CSS } from './styles.tsx';


export default fp(
  async function admin(app: FastifyInstance) {
    app.get('/static/admin.css', async (_req, reply) => reply.type('text/css; charset=utf-8').header('Cache-Control', 'public, max-age=3600').send(ADMIN_CSS));
    await taskRoutes(app);
    await documentRoutes(app);
    await unitRoutes(app);
    await userRoutes(app);
    await termRoutes(app);
    await auditRoutes(app);
    await calendarRoutes(app);
    await (await import('./account.tsx')).default(app); // 我的账号: own password and API tokens
    await (await import('./requests.tsx')).default(app);
    await (await import('./search-stats.tsx')).default(app);
    await (await import('./reports.tsx')).default(app);
    await (await import('./mail-outbox.tsx')).default(app); // 邮件发送记录 (admins)
  },
  { name: 'feature-admin', dependencies: ['gongkai-auth'] },
);
