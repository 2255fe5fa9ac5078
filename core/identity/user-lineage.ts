/**
 * Who answers for a user: the user and everyone who (transitively) minted them over the API. An admin
 * who creates a key for a new user could hold that key themselves, so for four-eyes the two are one
 * person (policies/proposals/proposal-access.ts). The operator's users (CLI, seed) start a lineage.
 */
import type { Tx } from '../db/database.ts';

/** Far deeper than any real chain of admins minting admins; bounds the walk should data ever loop. */
const MAX_LINEAGE = 100;

export async function userLineage(tx: Tx, userId: string): Promise<string[]> {
  const result = await tx.query<{ id: string }>(
    `WITH RECURSIVE lineage (id, created_by, depth) AS (
       SELECT id, created_by, 0 FROM users WHERE id = $1
       UNION
       SELECT u.id, u.created_by, l.depth + 1 FROM users u JOIN lineage l ON u.id = l.created_by WHERE l.depth < $2
     )
     SELECT DISTINCT id FROM lineage`,
    [userId, MAX_LINEAGE],
  );
  return result.rows.length ? result.rows.map((row) => row.id) : [userId];
}

/** True when the two users answer to a common person (the same user, or one minted the other, or one admin minted both). */
export async function sharePerson(tx: Tx, oneUserId: string, otherUserId: string): Promise<boolean> {
  if (oneUserId === otherUserId) return true;
  const one = new Set(await userLineage(tx, oneUserId));
  return (await userLineage(tx, otherUserId)).some((id) => one.has(id));
}
