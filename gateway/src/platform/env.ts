/** Reads an integer setting `name` (≥ `min`) from the environment; unset or empty → `fallback`. */
export function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
    const raw = env[name];
    if (raw === undefined || raw === '') {
        return fallback;
    }
    const value = Number(raw);
    if (!Number.isSafeInteger(value) || value < min) {
        throw new Error(`${name} must be an integer ≥ ${min}, got "${raw}"`);
    }
    return value;
}
