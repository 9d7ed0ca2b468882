import { openAsBlob } from 'node:fs';
import path from 'node:path';
import { callGateway } from './http';

export async function verifyCommand(file: string, options: { url: string }): Promise<void> {
    const form = new FormData();
    form.append('file', await openAsBlob(file), path.basename(file));
    const { status, body } = await callGateway(`${options.url}/v1/verify`, { method: 'POST', body: form }, [200, 404]);
    process.stdout.write(JSON.stringify(body, null, 2) + '\n');
    if (status !== 200) {
        console.error(`${file}: not anchored`);
        process.exitCode = 1;
    }
}
