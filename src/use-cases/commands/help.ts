/** #help: the table of commands, by reply. */
import { COMMAND_TABLE } from '../../domain/commands.js';
import type { CommandHandler } from './types.js';

export const help: CommandHandler<'help'> = () => ({ done: 'overzicht van de opdrachten', doneEn: 'the list of commands', sections: { help: COMMAND_TABLE } });
