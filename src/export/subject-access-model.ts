/**
 * An access request (AVG art. 15): everything held about one address that its owner may receive.
 * Every case where the address is a party, or is named in the mail a party sent; of each, the
 * documents the person sent or received and the verslag. Left out, and said so in the export:
 * the commissioner's internal notes and her own mail to the desk (working notes, not documents of
 * the procedure), documents between the desk and other parties, and the names and addresses of
 * other parties (replaced by their role): their rights weigh as heavily (art. 15 lid 4 AVG).
 */
import { buildDossier, type Dossier, type DossierDeps, type DossierDocument, type Person } from './dossier-model.js';

export interface AccessCase { caseNumber: string; role: string; documents: number; withheld: number }

export interface AccessExport { dossier: Dossier; cases: AccessCase[] }

const ROLE_LABEL: Record<string, string> = { klager: '[klager]', beklaagde: '[beklaagde]', deskundige: '[deskundige]' };

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Cases where `email` is a party or is named in a party's mail. */
export function casesOf(deps: DossierDeps, email: string): { id: number; number: string }[] {
  const e = email.trim().toLowerCase();
  return deps.store.cases.namingAddress(e);
}

/** The access export for `email`. */
export function buildAccessExport(deps: DossierDeps, email: string): AccessExport {
  const e = email.trim().toLowerCase();
  const cases: AccessCase[] = [];
  const docs: DossierDocument[] = [];
  let notes = 0;
  let others = 0;
  let commissioner = 0;
  const heads: string[] = [];
  for (const c of casesOf(deps, e)) {
    const d = buildDossier(deps, c.number);
    const me = d.parties.find((p) => p.email.toLowerCase() === e);
    const otherParties = d.parties.filter((p) => p.email.toLowerCase() !== e);
    const hide = (p: Person | null): Person | null => {
      if (!p || p.email.toLowerCase() === e || p.role === 'klachtencommissaris') return p;
      return { name: ROLE_LABEL[p.role] ?? '[derde]', email: '', role: p.role };
    };
    const redact = (text: string) => otherParties.reduce((t, p) => {
      const label = ROLE_LABEL[p.role] ?? '[derde]';
      let out = t.replace(new RegExp(escapeRe(p.email), 'gi'), label);
      if (p.name.trim().length > 2) out = out.replace(new RegExp(escapeRe(p.name.trim()), 'gi'), label);
      return out;
    }, text);
    let mine = 0;
    let withheld = 0;
    for (const doc of d.documents) {
      const involved = doc.from?.email.toLowerCase() === e || doc.to.some((t) => t.email.toLowerCase() === e);
      if (doc.type === 'notitie') notes++;
      else if (doc.from?.role === 'klachtencommissaris' && doc.kind === 'commissioner') commissioner++;
      else if (doc.type === 'verslag' || involved) {
        docs.push({
          ...doc, subject: `[${d.caseNumber}] ${redact(doc.subject)}`, from: hide(doc.from), to: doc.to.map((t) => hide(t)!), text: redact(doc.text),
          // Other parties' original mails name them in their headers: the export holds the text only.
          files: doc.files.filter((f) => involved && f.role === 'attachment' && doc.from?.email.toLowerCase() === e),
        });
        mine++;
        continue;
      } else others++;
      withheld++;
    }
    cases.push({ caseNumber: d.caseNumber, role: me?.role ?? 'genoemd in de stukken', documents: mine, withheld });
    heads.push(`${d.caseNumber} ${deps.store.chain.head(d.caseId)}`);
  }
  docs.sort((a, b) => a.at.localeCompare(b.at));
  const withheld = [
    'Namen en e-mailadressen van andere partijen zijn vervangen door hun rol ([klager], [beklaagde], [deskundige]): ook hun gegevens zijn beschermd (art. 15 lid 4 AVG).',
    ...(others ? [`${others} stuk(ken) tussen de klachtencommissaris en andere partijen: die gaan over hen, niet over u, of vallen onder hun bescherming (art. 15 lid 4 AVG).`] : []),
    ...(notes ? [`${notes} interne notitie(s) van de klachtencommissaris: werkaantekeningen, geen stukken van de procedure (art. 11 geheimhouding).`] : []),
    ...(commissioner ? [`${commissioner} bericht(en) van de klachtencommissaris aan het klachtensysteem (opdrachten): interne werkstukken.`] : []),
    'Van mail van anderen is alleen de tekst opgenomen, niet het originele bericht: de kopregels daarvan noemen andere personen.',
  ];
  const dossier: Dossier = {
    caseNumber: `Inzage ${e}`, caseId: 0, subject: `Inzageverzoek (art. 15 AVG) van ${e}`, state: `${cases.length} zaak/zaken`, outcome: null,
    receivedDate: deps.now.toISOString().slice(0, 10), closedDate: null, language: 'nl', practiceName: deps.practiceName, commissionerName: deps.commissionerName,
    parties: cases.map((c) => ({ name: c.caseNumber, email: `${c.role}; ${c.documents} stuk(ken) opgenomen, ${c.withheld} niet`, role: 'zaak' })),
    documents: docs.map((d, i) => ({ ...d, n: i + 1 })), terms: [], verslag: null, holds: [], headHash: heads.join('; ') || '—',
    events: 0, exportedAt: deps.now.toISOString(), withheld,
  };
  return { dossier, cases };
}
