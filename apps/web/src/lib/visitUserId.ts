/**
 * A user id for presence that lasts one page visit: in an anonymous session it stands for the device's, so nothing
 * in presence is the same from one session to the next. (Its own module: the phone page must not load tldraw.)
 */
export function visitUserId(): `user:${string}` {
  return `user:${crypto.randomUUID()}`
}
