/**
 * Refuse storage that a newer Roundtable has already migrated (a schema version above `known`, the number of
 * migrations this version has). Its tables may hold what this version cannot read, and writing to them could
 * damage it; going back needs the newer version again or a backup. Older storage is simply migrated forward.
 */
export function checkSchemaVersion(applied: Iterable<number>, known: number): void {
  const newest = Math.max(0, ...applied)
  if (newest <= known) return
  throw new Error(
    `the stored data was last used by a newer version of Roundtable (storage schema version ${newest}; this version ` +
      `knows versions up to ${known}). Start that newer version again, or restore the backup taken before it was ` +
      'installed (see "Upgrading" in the README). Nothing was changed.',
  )
}
