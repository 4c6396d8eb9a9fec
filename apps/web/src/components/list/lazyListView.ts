import { lazyPart } from '../lazyPart'

/**
 * The list view (the non-canvas way to use the board). Its code comes when it is opened, when a way to it is
 * focused or hovered, or when the browser is idle after the board opened — whichever is first.
 */
export const listView = lazyPart(() => import('./ListView').then((m) => m.ListView))
