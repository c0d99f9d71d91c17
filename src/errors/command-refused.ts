/**
 * `command-refused`: a command or step that the case's state does not allow, or whose arguments
 * are wrong in context. The commissioner gets `problem` (nl) / `problemEn` back in a reply.
 * `kind`: 'state' when the form was right and only the case's state was wrong (no "write it again" then).
 */
export class CommandRefused extends Error {
  readonly code = 'command-refused';
  constructor(readonly problem: string, readonly problemEn: string, readonly usage?: string, readonly kind: 'state' | 'form' = 'form') {
    super(problemEn);
    this.name = 'CommandRefused';
  }
}
