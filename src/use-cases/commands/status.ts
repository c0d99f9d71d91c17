/** #status: the case's summary, parties, documents and deadlines, by reply. */
import { caseFacts } from '../case-facts.js';
import { requireCase, type CommandHandler } from './types.js';

export const status: CommandHandler<'status'> = (cc) => {
  const { store } = cc.ctx;
  const c = requireCase(cc);
  const status = {
    caseNumber: c.number, state: c.state, receivedDate: c.received_date, outcome: c.outcome ?? '',
    parties: store.cases.parties(c.id).map((p) => ({ role: p.role, name: p.name, email: p.email })),
    deadlines: store.deadlines.ofCase(c.id).map((d) => ({ kind: d.kind, date: d.due_date, wd: d.term_wd, unit: d.term_unit, status: d.status })),
    documents: store.messages.byCase(c.id).map((m) => ({ at: m.at.slice(0, 10), direction: m.direction, kind: m.kind, subject: m.subject, size: m.size })),
    facts: caseFacts(cc.ctx, c.id),
  };
  return { done: `status van zaak ${c.number}`, doneEn: `status of case ${c.number}`, sections: { status } };
};
