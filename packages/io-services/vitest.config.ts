import { packageConfig } from '../../vitest.shared.ts'

// one PostgreSQL database for the run (a private server, or WT_POSTGRES_URL's): inject('postgresUrl')
export default packageConfig({ test: { globalSetup: ['@wiretuner/pg-kit/vitest-setup'] } })
