/**
 * What a link lets a person do. There is no head of the table: every facilitator has exactly the same powers, and
 * every person's vote weighs the same whatever their role.
 */
export const ROLES = ['facilitator', 'participant', 'view'] as const
export type Role = (typeof ROLES)[number]

/** True when the role may change the board (ideas, frames, actions). */
export function canEdit(role: Role): boolean {
  return role === 'facilitator' || role === 'participant'
}

/** True when the role may run votes, the timer, locks and settings. */
export function canFacilitate(role: Role): boolean {
  return role === 'facilitator'
}

/** True when the role may place dots and agree to actions. */
export function canVote(role: Role): boolean {
  return role === 'facilitator' || role === 'participant'
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value)
}
