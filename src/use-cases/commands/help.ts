/**
 * #help: the table of commands, by reply; and how her mail was recognised as hers, with the
 * evidence found and the COMMAND_AUTH settings that accept it, so that one test mail tells her
 * IT person what to set (issue 12).
 */
import { COMMAND_TABLE } from '../../domain/commands.js';
import type { CommandHandler } from './types.js';

export const help: CommandHandler<'help'> = (cc) => ({
  done: 'overzicht van de opdrachten', doneEn: 'the list of commands',
  sections: {
    help: COMMAND_TABLE,
    authEvidence: cc.auth?.evidence, authAccepts: cc.auth?.wouldAccept ?? [], authMethod: cc.auth?.method, authReason: cc.auth?.reason,
  },
});
