/** The domain part of an e-mail address, lower-cased. */
export function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return at >= 0 ? address.slice(at + 1).toLowerCase() : address.toLowerCase();
}
