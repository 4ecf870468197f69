/** The seed and size of the shared CLI fixture (global-setup.ts), for the browser suite too. */
export const FIXTURE = { seed: 'fixture', events: 1500 } as const
