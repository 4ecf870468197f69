/**
 * Advanced entry of `@wiretuner/replay` (`@wiretuner/replay/advanced`): the building blocks under
 * the document session, for tools that fold a log themselves (a fuzzer, an audit, a viewer that
 * computes the document at any sequence): the reducer and the fold, the time-travel engine and the
 * codec of the replay state's snapshot JSON. Applications use the root entry
 * (`createSession`, `openSession`, `DocumentSession`), which does all of this for them.
 */

export type { FoldOptions } from './fold.js'
export { Folder, foldEvents, reduce } from './fold.js'
export type { DecodeReplayStateResult } from './snapshot-format.js'
export {
  decodeReplayState,
  encodeReplayState,
  REPLAY_STATE_FORMAT,
  REPLAY_STATE_FORMAT_VERSION,
  REPLAY_STATE_MULTI_USER_VERSION,
} from './snapshot-format.js'
export { initialState } from './state.js'
export type { FoldBase, StoredFold, TimeTravelOptions } from './time-travel.js'
export { TimeTravel } from './time-travel.js'
