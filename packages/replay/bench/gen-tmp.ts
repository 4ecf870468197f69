import { benchFile, issueWorkloadFile } from './workload.js'

await issueWorkloadFile(10_000, console.log)
await issueWorkloadFile(1_000_000, console.log)
await benchFile(10_000, console.log)
