/**
 * The `obsidian://open` URI of a card's source note: the vault by name and the file by its path inside the vault
 * (the course folder's path joined with the note's path relative to it). Null when the vault is not known.
 */
export function obsidianUrl(
  vault: { name: string; coursePath: string } | undefined,
  file: string,
): string | null {
  if (!vault || !vault.name) return null;
  const coursePath = vault.coursePath.replace(/^\/+|\/+$/g, '');
  const path = coursePath ? `${coursePath}/${file}` : file;
  return `obsidian://open?vault=${encodeURIComponent(vault.name)}&file=${encodeURIComponent(path)}`;
}
