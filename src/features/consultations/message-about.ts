// What a 政民互动 message may be about (messages' extension point 'messages.about', contributed from module.ts):
// a consultation, shown on the message as a link while the consultation is published.
import type { MessageAbout } from '../messages/public.ts';
import { consultationUrl } from './repository.ts';
import './tables.ts';

export const consultationAbout: MessageAbout = {
  kind: 'consultation',
  label: '征求意见',
  async find(db, id) {
    const c = await db.selectFrom('consultations').select(['id', 'title']).where('id', '=', id).where('status', '=', 'published').executeTakeFirst();
    return c ? { title: c.title, url: consultationUrl(c.id) } : null;
  },
};
