import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

const serverScript = require.resolve('@court-ledger/gateway/dist/src/main.js');
const cliScript = require.resolve('@court-ledger/gateway/dist/src/cli/main.js');

/** A free TCP port on loopback (asked of the kernel; never one of the Fabric network's). */
export async function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = createServer();
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const address = server.address();
            server.close(() => {
                if (address === null || typeof address === 'string') {
                    reject(new Error('no port'));
                } else {
                    resolve(address.port);
                }
            });
        });
    });
}

/** The real gateway (`gateway/dist/src/server.js`) running as a child process. */
export interface ServerProcess {
    readonly child: ChildProcess;
    readonly base: string;
    /** Everything the process wrote so far (stdout and stderr). */
    output(): string;
    /**
     * Resolves once `/readyz` answers 200, telling whether `/healthz` answered 200 while `/readyz` still
     * answered 503 (the process was seen alive before ready); rejects if the process exits or `timeoutMs` passes.
     */
    ready(timeoutMs: number): Promise<{ aliveBeforeReady: boolean }>;
    /** SIGTERM, then waits for the exit. */
    stop(): Promise<void>;
}

export interface ServerOptions {
    readonly dataDir: string;
    readonly port: number;
    readonly env?: Readonly<Record<string, string>>;
}

function environment(options: { dataDir: string; env?: Readonly<Record<string, string>> }): NodeJS.ProcessEnv {
    return {
        ...process.env,
        COURT_LEDGER_DATA: options.dataDir,
        DATABASE_URL: '',
        JWT_SECRET: 'server-process-test-secret',
        LOG_LEVEL: 'info',
        ...options.env,
    };
}

export function startServerProcess(options: ServerOptions): ServerProcess {
    const child = spawn(process.execPath, [serverScript], {
        env: { ...environment(options), PORT: String(options.port) },
        stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (chunk: Buffer): void => {
        output += chunk.toString();
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const base = `http://127.0.0.1:${options.port}`;
    return {
        child,
        base,
        output: () => output,
        async ready(timeoutMs) {
            const deadline = Date.now() + timeoutMs;
            const state = { exited: false, aliveBeforeReady: false };
            const statusOf = (url: string): Promise<number> =>
                fetch(`${base}${url}`).then(
                    (res) => res.status,
                    () => 0,
                );
            void exited.then(() => {
                state.exited = true;
            });
            for (;;) {
                if (state.exited) {
                    throw new Error(`server exited with ${String(child.exitCode)} before ready:\n${output}`);
                }
                const status = await statusOf('/readyz');
                if (status === 200) {
                    return { aliveBeforeReady: state.aliveBeforeReady };
                }
                if (status === 503 && (await statusOf('/healthz')) === 200) {
                    state.aliveBeforeReady = true;
                }
                if (Date.now() > deadline) {
                    throw new Error(`server not ready after ${timeoutMs} ms (last /readyz ${status}):\n${output}`);
                }
                await new Promise((resolve) => setTimeout(resolve, 100));
            }
        },
        async stop() {
            if (child.exitCode === null && child.signalCode === null) {
                child.kill('SIGTERM');
            }
            await exited;
        },
    };
}

/** Runs the server until it exits by itself (e.g. refusing to start); returns its exit code and output. */
export async function runServerToExit(options: ServerOptions): Promise<{ code: number | null; output: string }> {
    const server = startServerProcess(options);
    const code = await new Promise<number | null>((resolve) => server.child.once('exit', resolve));
    return { code, output: server.output() };
}

/** Runs the `court-ledger` CLI; returns its exit code and output. */
export async function runCli(
    args: readonly string[],
    options: { dataDir: string; env?: Readonly<Record<string, string>> },
): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const child = spawn(process.execPath, [cliScript, ...args], {
        env: environment(options),
        stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    return { code, stdout, stderr };
}
