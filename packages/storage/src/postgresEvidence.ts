import type pg from 'pg'
import type { ContributionFacts, EvidenceStore } from './ledgerTypes'
import { transaction } from './pgTransaction'

/** Evidence of co-production (migration 4 of the PostgreSQL store); the same tables as SQLite's. */
export const pgEvidenceMigration = (s: string): string => `
  CREATE TABLE ${s}.person_answers (
    board_id text NOT NULL REFERENCES ${s}.boards(id) ON DELETE CASCADE,
    person_id text NOT NULL,
    answer text NOT NULL,
    updated_at bigint NOT NULL,
    PRIMARY KEY (board_id, person_id)
  );
  CREATE TABLE ${s}.idea_authors (
    board_id text NOT NULL REFERENCES ${s}.boards(id) ON DELETE CASCADE,
    idea_id text NOT NULL,
    person_id text NOT NULL,
    PRIMARY KEY (board_id, idea_id)
  );
`

/** The evidence store on PostgreSQL. */
export function postgresEvidence(pool: pg.Pool, s: string): EvidenceStore {
  return {
    async setAnswer(boardId, personId, group, now) {
      if (group === null) {
        await pool.query(`DELETE FROM ${s}.person_answers WHERE board_id = $1 AND person_id = $2`, [boardId, personId])
        return
      }
      await pool.query(
        `INSERT INTO ${s}.person_answers (board_id, person_id, answer, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (board_id, person_id) DO UPDATE SET answer = excluded.answer, updated_at = excluded.updated_at`,
        [boardId, personId, group, now],
      )
    },
    async getAnswer(boardId, personId) {
      const { rows } = await pool.query<{ answer: string }>(
        `SELECT answer FROM ${s}.person_answers WHERE board_id = $1 AND person_id = $2`,
        [boardId, personId],
      )
      return rows[0]?.answer ?? null
    },
    async recordIdeaAuthor(boardId, ideaId, personId) {
      await pool.query(
        `INSERT INTO ${s}.idea_authors (board_id, idea_id, person_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
        [boardId, ideaId, personId],
      )
    },
    async contributions(boardId) {
      // One snapshot for all four reads, so the figures agree with each other.
      return transaction(pool, async (client) => {
        await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY')
        const answers = await client.query<ContributionFacts['answers'][number]>(
          `SELECT person_id AS "personId", answer AS "group" FROM ${s}.person_answers WHERE board_id = $1 ORDER BY person_id`,
          [boardId],
        )
        const authors = await client.query<ContributionFacts['ideaAuthors'][number]>(
          `SELECT idea_id AS "ideaId", person_id AS "personId" FROM ${s}.idea_authors WHERE board_id = $1 ORDER BY idea_id`,
          [boardId],
        )
        const dots = await client.query<ContributionFacts['dots'][number]>(
          `SELECT d.round_id AS "roundId", d.voter, d.idea_id AS "ideaId", count(*)::int AS dots
           FROM ${s}.vote_dots d JOIN ${s}.vote_rounds r ON r.id = d.round_id
           WHERE r.board_id = $1 AND NOT r.anonymous
           GROUP BY d.round_id, d.voter, d.idea_id ORDER BY d.round_id, d.voter, d.idea_id`,
          [boardId],
        )
        const agreements = await client.query<ContributionFacts['agreements'][number]>(
          `SELECT action_id AS "actionId", voter FROM ${s}.action_stances
           WHERE board_id = $1 AND stance = 'agree' ORDER BY action_id, voter`,
          [boardId],
        )
        return { answers: answers.rows, ideaAuthors: authors.rows, dots: dots.rows, agreements: agreements.rows }
      })
    },
  }
}
