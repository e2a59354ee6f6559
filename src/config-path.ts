/** Where the team file is: MELDEN_CONFIG, default config/melden.yaml (its own module so index.ts can start parsing it before loading the rest). */
export const teamsConfigPath = (env: NodeJS.ProcessEnv): string => env.MELDEN_CONFIG ?? 'config/melden.yaml';
