import type Database from 'better-sqlite3'
import type { AccessSession, DotOutcome, LedgerStore, RoundRow, StanceRow, StoredRole } from './ledgerTypes'

/** Schema for keys, sessions, votes and agreements (migration 2 of the SQLite store). */
export const LEDGER_MIGRATION = `
  CREATE TABLE board_keys (
    board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    key TEXT NOT NULL,
    PRIMARY KEY (board_id, role)
  );
  CREATE TABLE access_sessions (
    token_hash TEXT PRIMARY KEY,
    board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    person_id TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX access_sessions_by_board ON access_sessions(board_id);
  CREATE TABLE vote_rounds (
    id TEXT PRIMARY KEY,
    board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
    page_id TEXT NOT NULL,
    status TEXT NOT NULL,
    dots_per_person INTEGER NOT NULL,
    max_per_idea INTEGER,
    hidden INTEGER NOT NULL,
    revealed INTEGER NOT NULL,
    anonymous INTEGER NOT NULL,
    secret TEXT,
    started_at INTEGER NOT NULL,
    ends_at INTEGER,
    closed_at INTEGER
  );
  CREATE UNIQUE INDEX one_open_round_per_board ON vote_rounds(board_id) WHERE status = 'open';
  CREATE TABLE vote_dots (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    round_id TEXT NOT NULL REFERENCES vote_rounds(id) ON DELETE CASCADE,
    voter TEXT NOT NULL,
    idea_id TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX vote_dots_by_voter ON vote_dots(round_id, voter);
  CREATE TABLE vote_abstentions (
    round_id TEXT NOT NULL REFERENCES vote_rounds(id) ON DELETE CASCADE,
    voter TEXT NOT NULL,
    PRIMARY KEY (round_id, voter)
  );
  CREATE TABLE action_stances (
    board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
    action_id TEXT NOT NULL,
    voter TEXT NOT NULL,
    stance TEXT NOT NULL,
    name TEXT,
    note TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (board_id, action_id, voter)
  );
`

interface RoundDbRow {
  id: string
  board_id: string
  page_id: string
  status: 'open' | 'closed'
  dots_per_person: number
  max_per_idea: number | null
  hidden: number
  revealed: number
  anonymous: number
  secret: string | null
  started_at: number
  ends_at: number | null
  closed_at: number | null
}

function toRound(r: RoundDbRow): RoundRow {
  return {
    id: r.id,
    boardId: r.board_id,
    pageId: r.page_id,
    status: r.status,
    dotsPerPerson: r.dots_per_person,
    maxPerIdea: r.max_per_idea,
    hidden: r.hidden === 1,
    revealed: r.revealed === 1,
    anonymous: r.anonymous === 1,
    secret: r.secret,
    startedAt: r.started_at,
    endsAt: r.ends_at,
    closedAt: r.closed_at,
  }
}

/** The ledger on SQLite. Each better-sqlite3 transaction runs alone, so the fairness checks cannot race. */
export function sqliteLedger(db: Database.Database): LedgerStore {
  const q = {
    keys: db.prepare('SELECT role, key FROM board_keys WHERE board_id = ?'),
    insertSession: db.prepare(
      'INSERT INTO access_sessions (token_hash, board_id, role, person_id, created_at) VALUES (?, ?, ?, ?, ?)',
    ),
    session: db.prepare('SELECT board_id, role, person_id, created_at FROM access_sessions WHERE token_hash = ?'),
    insertRound: db.prepare(
      `INSERT INTO vote_rounds (id, board_id, page_id, status, dots_per_person, max_per_idea, hidden, revealed,
        anonymous, secret, started_at, ends_at, closed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    round: db.prepare('SELECT * FROM vote_rounds WHERE board_id = ? AND id = ?'),
    roundById: db.prepare('SELECT * FROM vote_rounds WHERE id = ?'),
    rounds: db.prepare('SELECT * FROM vote_rounds WHERE board_id = ? ORDER BY started_at, id'),
    closeRound: db.prepare(
      "UPDATE vote_rounds SET status = 'closed', closed_at = ?, secret = NULL WHERE board_id = ? AND id = ? AND status = 'open'",
    ),
    revealRound: db.prepare('UPDATE vote_rounds SET revealed = 1 WHERE board_id = ? AND id = ?'),
    countVoter: db.prepare('SELECT count(*) AS n FROM vote_dots WHERE round_id = ? AND voter = ?'),
    countVoterIdea: db.prepare('SELECT count(*) AS n FROM vote_dots WHERE round_id = ? AND voter = ? AND idea_id = ?'),
    insertDot: db.prepare('INSERT INTO vote_dots (round_id, voter, idea_id, created_at) VALUES (?, ?, ?, ?)'),
    deleteOneDot: db.prepare(
      'DELETE FROM vote_dots WHERE id = (SELECT id FROM vote_dots WHERE round_id = ? AND voter = ? AND idea_id = ? ORDER BY id DESC LIMIT 1)',
    ),
    deleteVoterDots: db.prepare('DELETE FROM vote_dots WHERE round_id = ? AND voter = ?'),
    abstain: db.prepare('INSERT OR IGNORE INTO vote_abstentions (round_id, voter) VALUES (?, ?)'),
    unabstain: db.prepare('DELETE FROM vote_abstentions WHERE round_id = ? AND voter = ?'),
    isAbstaining: db.prepare('SELECT 1 AS y FROM vote_abstentions WHERE round_id = ? AND voter = ?'),
    voterDots: db.prepare(
      'SELECT idea_id, count(*) AS n FROM vote_dots WHERE round_id = ? AND voter = ? GROUP BY idea_id',
    ),
    tallies: db.prepare('SELECT idea_id, count(*) AS n FROM vote_dots WHERE round_id = ? GROUP BY idea_id'),
    voters: db.prepare('SELECT count(DISTINCT voter) AS n FROM vote_dots WHERE round_id = ?'),
    abstentions: db.prepare('SELECT count(*) AS n FROM vote_abstentions WHERE round_id = ?'),
    upsertStance: db.prepare(
      `INSERT INTO action_stances (board_id, action_id, voter, stance, name, note, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (board_id, action_id, voter) DO UPDATE SET stance = excluded.stance, name = excluded.name,
       note = excluded.note, updated_at = excluded.updated_at`,
    ),
    deleteStance: db.prepare('DELETE FROM action_stances WHERE board_id = ? AND action_id = ? AND voter = ?'),
    stances: db.prepare(
      'SELECT stance, name, note, updated_at FROM action_stances WHERE board_id = ? AND action_id = ? ORDER BY updated_at, voter',
    ),
    stance: db.prepare(
      'SELECT stance, name, note, updated_at FROM action_stances WHERE board_id = ? AND action_id = ? AND voter = ?',
    ),
  }

  const count = (stmt: Database.Statement, ...args: unknown[]) => (stmt.get(...args) as { n: number }).n

  /** Round open and voter within budget and cap, else the reason. Runs inside a transaction. */
  const canPlace = (roundId: string, voter: string, ideaId: string, extraBudget = 0): DotOutcome => {
    const round = q.roundById.get(roundId) as RoundDbRow | undefined
    if (!round || round.status !== 'open') return 'closed'
    if (count(q.countVoter, roundId, voter) - extraBudget >= round.dots_per_person) return 'budget'
    if (round.max_per_idea !== null && count(q.countVoterIdea, roundId, voter, ideaId) >= round.max_per_idea)
      return 'cap'
    return 'ok'
  }
  const isOpen = (roundId: string) => (q.roundById.get(roundId) as RoundDbRow | undefined)?.status === 'open'

  const place = db.transaction((roundId: string, voter: string, ideaId: string, now: number): DotOutcome => {
    const verdict = canPlace(roundId, voter, ideaId)
    if (verdict !== 'ok') return verdict
    q.unabstain.run(roundId, voter)
    q.insertDot.run(roundId, voter, ideaId, now)
    return 'ok'
  })
  const remove = db.transaction((roundId: string, voter: string, ideaId: string): DotOutcome => {
    if (!isOpen(roundId)) return 'closed'
    return q.deleteOneDot.run(roundId, voter, ideaId).changes > 0 ? 'ok' : 'none'
  })
  const move = db.transaction((roundId: string, voter: string, from: string, to: string, now: number): DotOutcome => {
    if (!isOpen(roundId)) return 'closed'
    if (count(q.countVoterIdea, roundId, voter, from) === 0) return 'none'
    // The dot being moved frees one place in the budget.
    const verdict = canPlace(roundId, voter, to, 1)
    if (verdict !== 'ok') return verdict
    q.deleteOneDot.run(roundId, voter, from)
    q.insertDot.run(roundId, voter, to, now)
    return 'ok'
  })
  const abstain = db.transaction((roundId: string, voter: string, on: boolean): DotOutcome => {
    if (!isOpen(roundId)) return 'closed'
    if (on) {
      q.deleteVoterDots.run(roundId, voter)
      q.abstain.run(roundId, voter)
    } else {
      q.unabstain.run(roundId, voter)
    }
    return 'ok'
  })
  const totals = db.transaction((roundId: string) => {
    const tallies: Record<string, number> = {}
    let dotsCast = 0
    for (const row of q.tallies.all(roundId) as { idea_id: string; n: number }[]) {
      tallies[row.idea_id] = row.n
      dotsCast += row.n
    }
    return { tallies, dotsCast, voters: count(q.voters, roundId), abstained: count(q.abstentions, roundId) }
  })
  const toStance = (r: {
    stance: 'agree' | 'concern'
    name: string | null
    note: string
    updated_at: number
  }): StanceRow => ({
    stance: r.stance,
    name: r.name,
    note: r.note,
    updatedAt: r.updated_at,
  })

  return {
    async getKeys(boardId) {
      const rows = q.keys.all(boardId) as { role: StoredRole; key: string }[]
      if (rows.length === 0) return null
      const byRole = Object.fromEntries(rows.map((r) => [r.role, r.key]))
      const keys = {
        participant: byRole.participant ?? '',
        facilitator: byRole.facilitator ?? '',
        view: byRole.view ?? '',
      }
      return byRole.summary ? { ...keys, summary: byRole.summary } : keys
    },
    async createSession(tokenHash, s: AccessSession) {
      q.insertSession.run(tokenHash, s.boardId, s.role, s.personId, s.createdAt)
    },
    async getSession(tokenHash) {
      const row = q.session.get(tokenHash) as
        | { board_id: string; role: StoredRole; person_id: string; created_at: number }
        | undefined
      return row ? { boardId: row.board_id, role: row.role, personId: row.person_id, createdAt: row.created_at } : null
    },
    async createRound(r) {
      q.insertRound.run(
        r.id,
        r.boardId,
        r.pageId,
        r.status,
        r.dotsPerPerson,
        r.maxPerIdea,
        r.hidden ? 1 : 0,
        r.revealed ? 1 : 0,
        r.anonymous ? 1 : 0,
        r.secret,
        r.startedAt,
        r.endsAt,
        r.closedAt,
      )
    },
    async getRound(boardId, roundId) {
      const row = q.round.get(boardId, roundId) as RoundDbRow | undefined
      return row ? toRound(row) : null
    },
    async listRounds(boardId) {
      return (q.rounds.all(boardId) as RoundDbRow[]).map(toRound)
    },
    async closeRound(boardId, roundId, closedAt) {
      q.closeRound.run(closedAt, boardId, roundId)
    },
    async revealRound(boardId, roundId) {
      q.revealRound.run(boardId, roundId)
    },
    async placeDot(roundId, voter, ideaId, now) {
      return place(roundId, voter, ideaId, now)
    },
    async removeDot(roundId, voter, ideaId) {
      return remove(roundId, voter, ideaId)
    },
    async moveDot(roundId, voter, from, to, now) {
      return move(roundId, voter, from, to, now)
    },
    async setAbstain(roundId, voter, on) {
      return abstain(roundId, voter, on)
    },
    async voterDots(roundId, voter) {
      const dots: Record<string, number> = {}
      for (const row of q.voterDots.all(roundId, voter) as { idea_id: string; n: number }[]) dots[row.idea_id] = row.n
      return { dots, abstained: q.isAbstaining.get(roundId, voter) !== undefined }
    },
    async roundTotals(roundId) {
      return totals(roundId)
    },
    async setStance(boardId, actionId, voter, stance) {
      if (stance)
        q.upsertStance.run(boardId, actionId, voter, stance.stance, stance.name, stance.note, stance.updatedAt)
      else q.deleteStance.run(boardId, actionId, voter)
    },
    async listStances(boardId, actionId) {
      return (q.stances.all(boardId, actionId) as Parameters<typeof toStance>[0][]).map(toStance)
    },
    async voterStance(boardId, actionId, voter) {
      const row = q.stance.get(boardId, actionId, voter) as Parameters<typeof toStance>[0] | undefined
      return row ? toStance(row) : null
    },
  }
}
