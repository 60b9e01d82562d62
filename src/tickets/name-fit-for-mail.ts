// A link, an address or anything shaped like a domain ("evil.example", "www.", "https://", "a@b").
const LINK_LIKE = /:\/\/|www\.|@|[\p{L}\p{N}-]+\.\p{L}{2,}/iu;

/**
 * The customer's name as we may print it in mail, or null. A display name is whatever the sender typed (a From
 * header, the form's name field, possibly forged): "Click https://evil.example" is no name, and printed by a macro
 * into an agent's reply it would sit under the anti-phishing phrase as if the desk had written it.
 */
export function nameFitForMail(name: string | null | undefined): string | null {
  const trimmed = name?.trim() ?? '';
  return trimmed && !LINK_LIKE.test(trimmed) ? trimmed : null;
}
