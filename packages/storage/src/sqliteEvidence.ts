import type Database from 'better-sqlite3'
import type { ContributionFacts, EvidenceStore } from './ledgerTypes'

/** Schema for evidence of co-production (migration 4 of the SQLite store). */
export const EVIDENCE_MIGRATION = `
  CREATE TABLE person_answers (
    board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
    person_id TEXT NOT NULL,
    answer TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (board_id, person_id)
  );
  CREATE TABLE idea_authors (
    board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
    idea_id TEXT NOT NULL,
    person_id TEXT NOT NULL,
    PRIMARY KEY (board_id, idea_id)
  );
`

/** The evidence store on SQLite. */
export function sqliteEvidence(db: Database.Database): EvidenceStore {
  const q = {
    upsertAnswer: db.prepare(
      `INSERT INTO person_answers (board_id, person_id, answer, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (board_id, person_id) DO UPDATE SET answer = excluded.answer, updated_at = excluded.updated_at`,
    ),
    deleteAnswer: db.prepare('DELETE FROM person_answers WHERE board_id = ? AND person_id = ?'),
    answer: db.prepare('SELECT answer FROM person_answers WHERE board_id = ? AND person_id = ?'),
    insertAuthor: db.prepare('INSERT OR IGNORE INTO idea_authors (board_id, idea_id, person_id) VALUES (?, ?, ?)'),
  }
  const contributions = sqliteContributions(db)
  return {
    async setAnswer(boardId, personId, group, now) {
      if (group === null) q.deleteAnswer.run(boardId, personId)
      else q.upsertAnswer.run(boardId, personId, group, now)
    },
    async getAnswer(boardId, personId) {
      return (q.answer.get(boardId, personId) as { answer: string } | undefined)?.answer ?? null
    },
    async recordIdeaAuthor(boardId, ideaId, personId) {
      q.insertAuthor.run(boardId, ideaId, personId)
    },
    async contributions(boardId) {
      return contributions(boardId)
    },
  }
}

/**
 * Who contributed what on a board, read in one transaction. Only reads: usable on a database opened read-only
 * (the command line's export from a data folder).
 */
export function sqliteContributions(db: Database.Database): (boardId: string) => ContributionFacts {
  const q = {
    answers: db.prepare(
      'SELECT person_id AS personId, answer AS "group" FROM person_answers WHERE board_id = ? ORDER BY person_id',
    ),
    authors: db.prepare(
      'SELECT idea_id AS ideaId, person_id AS personId FROM idea_authors WHERE board_id = ? ORDER BY idea_id',
    ),
    dots: db.prepare(
      `SELECT d.round_id AS roundId, d.voter, d.idea_id AS ideaId, count(*) AS dots
       FROM vote_dots d JOIN vote_rounds r ON r.id = d.round_id
       WHERE r.board_id = ? AND r.anonymous = 0
       GROUP BY d.round_id, d.voter, d.idea_id ORDER BY d.round_id, d.voter, d.idea_id`,
    ),
    agreements: db.prepare(
      `SELECT action_id AS actionId, voter FROM action_stances WHERE board_id = ? AND stance = 'agree' ORDER BY action_id, voter`,
    ),
  }
  return db.transaction(
    (boardId: string): ContributionFacts => ({
      answers: q.answers.all(boardId) as ContributionFacts['answers'],
      ideaAuthors: q.authors.all(boardId) as ContributionFacts['ideaAuthors'],
      dots: q.dots.all(boardId) as ContributionFacts['dots'],
      agreements: q.agreements.all(boardId) as ContributionFacts['agreements'],
    }),
  )
}
