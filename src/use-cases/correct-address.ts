/**
 * After a permanent bounce no letter goes to that address "until the commissioner corrects it"
 * (SPEC §5). She corrects it by naming the party again with #beklaagde, #deskundige or #nieuw:
 * naming an address is her statement that it is right, so its suppression is lifted.
 */
import type { CommandContext } from './commands/types.js';

export function liftSuppressionOnCorrection(cc: CommandContext, address: string): void {
  const lifted = cc.ctx.store.suppressions.lift(address, cc.actor, cc.ctx.clock.now().toISOString());
  if (lifted && cc.caseRow) {
    cc.ctx.store.cases.appendEvent({ caseId: cc.caseRow.id, at: cc.ctx.clock.now().toISOString(), actor: cc.actor, type: 'address-corrected', messageRef: cc.messageRef, data: { address } });
  }
}
