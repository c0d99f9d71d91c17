/**
 * The words that mail clients write above a quoted mail, in the languages our commissioners and
 * their correspondents' clients use. Data only; quoted-text.ts decides what a line is. Gathered
 * from the shapes that Outlook, Outlook.com, Gmail, Apple Mail, Thunderbird, Yahoo, Zoho,
 * Yandex, Mail.ru and common webmails write (see test/fixtures/replies).
 */

/** What a header line of a quoted header block stands for. */
export type HeaderKind = 'from' | 'date' | 'to' | 'subject' | 'cc';

/** Header labels per kind, lower-case, without the colon. Several languages share a word (`de`, `data`). */
export const HEADER_LABELS: Readonly<Record<HeaderKind, readonly string[]>> = {
  from: ['van', 'afzender', 'from', 'von', 'de', 'da', 'od', 'lähettäjä', 'от', 'fra', 'från', 'kimden', 'feladó', 'remitente'],
  date: [
    'verzonden', 'datum', 'date', 'sent', 'gesendet', 'envoyé', 'envoyé le', 'message du', 'fecha', 'enviado', 'enviada',
    'enviado el', 'inviato', 'data', 'wysłano', 'lähetetty', 'päivämäärä', 'отправлено', 'дата', 'sendt', 'dato', 'skickat',
    'gönderildi', 'tarih', 'elküldve', 'odesláno',
  ],
  to: ['aan', 'to', 'an', 'à', 'a', 'para', 'do', 'vastaanottaja', 'кому', 'til', 'till', 'kime', 'címzett', 'komu', 'destinataire'],
  subject: ['onderwerp', 'subject', 'betreff', 'objet', 'sujet', 'asunto', 'oggetto', 'assunto', 'temat', 'aihe', 'тема', 'emne', 'ämne', 'konu', 'tárgy', 'předmět'],
  cc: ['cc', 'bcc', 'kopie', 'copie', 'copie à', 'kopio', 'копия', 'kopia', 'dw', 'kopi'],
};

/**
 * Verbs that end an attribution ("… wrote:", "… a écrit :", "… ha scritto:", "… kirjoitti:",
 * "… пишет:"). Matched at the end of the line, so "On the phone she wrote: no" is prose.
 */
export const ATTRIBUTION_VERBS: readonly string[] = [
  'wrote', 'writes', 'schreef', 'schrieb', 'geschreven', 'het volgende geschreven', 'a écrit', 'écrit', 'escribió',
  'escreveu', 'ha scritto', 'scritto', 'scrisse', 'pisze', 'napisał', 'napisała', 'napisał(a)', 'kirjoitti',
  'пишет', 'написал', 'написала', 'написал(а)', 'skrev', 'skriver', 'skrev følgende', 'yazdı', 'írta', 'napsal', 'napsala',
  '写道', 'のメッセージ', '작성',
];

/** Separator titles between dashes: "-----Original Message-----" in the languages Outlook speaks. */
export const SEPARATOR_TITLES: readonly string[] = [
  'original message', 'oorspronkelijk bericht', 'origineel bericht', 'ursprüngliche nachricht', 'forwarded message',
  'doorgestuurd bericht', 'weitergeleitete nachricht', "message d'origine", 'message transféré', 'messaggio originale',
  'messaggio inoltrato', 'mensaje original', 'mensagem original', 'mensagem encaminhada', 'wiadomość oryginalna',
  'oryginalna wiadomość', 'alkuperäinen viesti', 'исходное сообщение', 'пересылаемое сообщение', 'oprindelig meddelelse',
  'oprindelig besked', 'videresendt meddelelse', 'ursprungligt meddelande', 'opprinnelig melding',
];

/** Apple Mail's and others' forward marker lines, with a colon. */
export const FORWARD_TITLES: readonly string[] = [
  'begin forwarded message', 'begin doorgestuurd bericht', 'anfang der weitergeleiteten nachricht', 'début du message réexpédié',
  'inizio messaggio inoltrato', 'início da mensagem reencaminhada', 'mensaje reenviado', 'videresendt meddelelse', 'пересланное сообщение',
];
