/** The command handlers, by canonical (Dutch) name. */
import type { CommandName } from '../../domain/commands.js';
import type { CommandHandler } from './types.js';
import { ontvangst } from './ontvangst.js';
import { geenKlacht } from './geen-klacht.js';
import { nieuw } from './nieuw.js';
import { beklaagde } from './beklaagde.js';
import { hoorzitting } from './hoorzitting.js';
import { deskundige } from './deskundige.js';
import { verleng } from './verleng.js';
import { afwezig } from './afwezig.js';
import { uitspraak } from './uitspraak.js';
import { beroep } from './beroep.js';
import { ingetrokken } from './ingetrokken.js';
import { sluit } from './sluit.js';
import { splits } from './splits.js';
import { notitie } from './notitie.js';
import { taal } from './taal.js';
import { status } from './status.js';
import { overzicht } from './overzicht.js';
import { help } from './help.js';
import { bewaar } from './bewaar.js';
import { bewaarOpheffen } from './bewaar-opheffen.js';
import { inzage, inzageVerzonden } from './inzage.js';
import { dossier } from './dossier.js';
import { praktijk } from './praktijk.js';

export const HANDLERS: { [N in CommandName]: CommandHandler<N> } = {
  ontvangst, 'geen-klacht': geenKlacht, nieuw, beklaagde, hoorzitting, deskundige, verleng, afwezig,
  uitspraak, beroep, ingetrokken, sluit, splits, notitie, taal, status, overzicht, help, bewaar, 'bewaar-opheffen': bewaarOpheffen, inzage,
  'inzage-verzonden': inzageVerzonden, dossier, praktijk,
};
