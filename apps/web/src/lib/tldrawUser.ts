import {
  UserRecordType,
  atom,
  createTLCurrentUser,
  createUserId,
  type Signal,
  type TLCurrentUser,
  type TLUser,
  type TLUserPreferences,
} from 'tldraw'
import { getIdentity, subscribeIdentity, updateIdentity, type Identity } from './identity'

/**
 * The person as tldraw sees them, kept in step with Roundtable's identity (lib/identity.ts) both ways: a name
 * typed in Roundtable's dialog shows in tldraw's people menu, and a name or colour changed in tldraw's people menu
 * becomes the Roundtable identity. tldraw's other preferences (dark mode, snapping…) are kept on this device.
 */
export interface RoundtableUser {
  /** The user record presence is built from. */
  $user: Signal<TLUser>
  /** Pass to `<Tldraw user>`. */
  currentUser: TLCurrentUser
  dispose(): void
}

const PREFS_STORAGE_KEY = 'roundtable:tldraw-preferences'

function loadPrefs(): Partial<TLUserPreferences> {
  try {
    const parsed: unknown = JSON.parse(window.localStorage.getItem(PREFS_STORAGE_KEY) ?? '{}')
    return typeof parsed === 'object' && parsed !== null ? (parsed as Partial<TLUserPreferences>) : {}
  } catch {
    return {}
  }
}

function savePrefs(prefs: TLUserPreferences): void {
  const { id: _id, name: _name, color: _color, ...rest } = prefs
  try {
    window.localStorage.setItem(PREFS_STORAGE_KEY, JSON.stringify(rest))
  } catch {
    // Storage unavailable: preferences last for this page only.
  }
}

function toUserRecord(identity: Identity): TLUser {
  return UserRecordType.create({ id: createUserId(identity.id), name: identity.name, color: identity.color })
}

/** Create the tldraw user for this device's identity. */
export function createRoundtableUser(): RoundtableUser {
  const identity = getIdentity()
  const $user = atom<TLUser>('roundtable user', toUserRecord(identity))
  const $prefs = atom<TLUserPreferences>('roundtable user preferences', {
    ...loadPrefs(),
    id: identity.id,
    name: identity.name,
    color: identity.color,
  })

  const currentUser = createTLCurrentUser({
    userPreferences: $prefs,
    setUserPreferences: (next) => {
      const { id, name, color } = getIdentity()
      $prefs.set({ ...next, id }) // the id stays ours
      savePrefs(next)
      const nameChanged = typeof next.name === 'string' && next.name !== name
      const colorChanged = typeof next.color === 'string' && next.color !== color
      if (nameChanged || colorChanged) {
        updateIdentity({
          name: nameChanged ? (next.name ?? undefined) : undefined,
          color: colorChanged ? (next.color ?? undefined) : undefined,
        })
      }
    },
  })

  const unsubscribe = subscribeIdentity(() => {
    const now = getIdentity()
    $user.set(toUserRecord(now))
    const prefs = $prefs.get()
    if (prefs.name !== now.name || prefs.color !== now.color) $prefs.set({ ...prefs, name: now.name, color: now.color })
  })

  return { $user, currentUser, dispose: unsubscribe }
}
