/** Re-exports browser-kit's helper-Worker starter for the bench page's inline script. */
export { startHelperWorker } from '@wiretuner/browser-kit/runner'
