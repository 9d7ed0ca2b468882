/** Browser script of `/`: hash a file here, ask `GET /v1/verify/…`, show the answer; or verify a digest. */
import { format } from '../src/platform/web/messages';
import { renderAnswer, type PublicRecord, type VerifyAnswer } from '../src/features/web/views/answer';
import { hashFile } from './hashing';
import { byId, megabytes, pageContext } from './page';

const { lang, m, zone } = pageContext();
const answerBox = byId('answer', HTMLDivElement);

async function ask(
    algorithm: 'sha256' | 'sm3',
    digest: string,
    digests?: { sha256: string; sm3: string },
): Promise<void> {
    let answer: VerifyAnswer;
    try {
        const response = await fetch(`/v1/verify/${algorithm}/${digest}`, { headers: { accept: 'application/json' } });
        const body = (await response.json()) as { anchored?: boolean; records?: PublicRecord[]; message?: string };
        const extra = digests === undefined ? {} : { digests };
        answer =
            response.ok && body.anchored === true
                ? { anchored: true, records: body.records ?? [], ...extra }
                : response.status === 404
                  ? { anchored: false, ...extra }
                  : { error: body.message ?? `HTTP ${response.status}` };
    } catch (error) {
        answer = { error: error instanceof Error ? error.message : String(error) };
    }
    answerBox.innerHTML = renderAnswer(answer, lang, zone);
}

async function verifyFile(file: File): Promise<void> {
    const box = byId('hashing', HTMLDivElement);
    const bar = byId('progress', HTMLProgressElement);
    const speed = byId('speed', HTMLOutputElement);
    box.hidden = false;
    answerBox.innerHTML = '';
    const digests = await hashFile(file, ({ done, total, mbPerSecond }) => {
        bar.value = total === 0 ? 1 : done / total;
        speed.value = format(m.progress, {
            done: megabytes(done),
            total: megabytes(total),
            speed: mbPerSecond.toFixed(1),
        });
    });
    bar.value = 1;
    await ask('sha256', digests.sha256, { sha256: digests.sha256, sm3: digests.sm3 });
}

const input = byId('file', HTMLInputElement);
input.addEventListener('change', () => {
    const file = input.files?.[0];
    if (file !== undefined) {
        void verifyFile(file);
    }
});

const drop = byId('pick', HTMLElement);
drop.addEventListener('dragover', (event) => {
    event.preventDefault();
    drop.classList.add('over');
});
drop.addEventListener('dragleave', () => {
    drop.classList.remove('over');
});
drop.addEventListener('drop', (event) => {
    event.preventDefault();
    drop.classList.remove('over');
    const file = event.dataTransfer?.files[0];
    if (file !== undefined) {
        void verifyFile(file);
    }
});

byId('digest-form', HTMLFormElement).addEventListener('submit', (event) => {
    event.preventDefault();
    const digest = byId('digest', HTMLInputElement).value.trim();
    const algorithm = byId('algorithm', HTMLSelectElement).value === 'sm3' ? 'sm3' : 'sha256';
    if (!/^[0-9a-fA-F]{64}$/.test(digest)) {
        answerBox.innerHTML = renderAnswer({ error: m.badDigest }, lang, zone);
        return;
    }
    void ask(algorithm, digest.toLowerCase());
});
document.documentElement.dataset['ready'] = 'true';
