// Types of system-packages.mjs, for the tests that import it.
export declare const ALLOW_MISSING_VARIABLE: 'WMSPANEL_TEST_ALLOW_MISSING';
export declare function findChromium(env?: NodeJS.ProcessEnv): string | undefined;
export declare function hasRedisServer(env?: NodeJS.ProcessEnv): boolean;
export declare function allowedMissing(name: 'chromium' | 'redis-server', env?: NodeJS.ProcessEnv): boolean;
export declare function missingSystemPackages(env?: NodeJS.ProcessEnv): { name: 'chromium' | 'redis-server'; allowed: boolean }[];
export declare function installCommand(names: string[]): string;
