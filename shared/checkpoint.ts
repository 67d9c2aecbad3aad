/**
 * Called now and then in long synchronous work (reading a canvas's export out of its document,
 * laying out and drawing its PDF) so whoever runs the work can stop it there, by throwing. The
 * server's download worker does, once its job is past its deadline: a stop it makes itself, where
 * otherwise the server would have to kill the worker and fork a new one. The browser passes none.
 */
export type Checkpoint = () => void;

/** For work nobody needs to stop. */
export const noCheckpoint: Checkpoint = () => {};
