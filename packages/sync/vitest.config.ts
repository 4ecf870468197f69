import { packageConfig } from '../../vitest.shared.ts'

// one PostgreSQL server for the run (a private one, or WT_POSTGRES_URL's): inject('postgresUrl')
export default packageConfig({ test: { globalSetup: ['@wiretuner/pg-kit/vitest-setup'] } })
