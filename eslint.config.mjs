// @ts-check
import { readdirSync } from 'node:fs';
import eslint from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/** The gateway's feature folders: each imports `platform/` and the chaincode, never another feature. */
const FEATURES = readdirSync(new URL('gateway/src/features/', import.meta.url), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);

export default tseslint.config(
    { ignores: ['**/dist/**', '**/node_modules/**', 'coverage/**', 'network/**', 'data/**', 'eslint.config.mjs'] },
    eslint.configs.recommended,
    ...tseslint.configs.strictTypeChecked,
    {
        languageOptions: {
            parserOptions: {
                projectService: true,
                tsconfigRootDir: import.meta.dirname,
            },
        },
        rules: {
            '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
            '@typescript-eslint/no-extraneous-class': ['error', { allowWithDecorator: true }],
        },
    },
    {
        // The installed `court-ledger` command: a plain CommonJS shim, linted without type information.
        files: ['gateway/bin/*.js'],
        ...tseslint.configs.disableTypeChecked,
        rules: { ...tseslint.configs.disableTypeChecked.rules, '@typescript-eslint/no-require-imports': 'off' },
        languageOptions: {
            sourceType: 'commonjs',
            parserOptions: { projectService: false },
            globals: { require: 'readonly', __dirname: 'readonly', process: 'readonly', console: 'readonly' },
        },
    },
    {
        // Build scripts: plain ES modules run by Node, linted without type information.
        files: ['gateway/scripts/*.mjs'],
        ...tseslint.configs.disableTypeChecked,
        languageOptions: {
            sourceType: 'module',
            parserOptions: { projectService: false },
            globals: { process: 'readonly' },
        },
    },
    {
        // Gateway boundaries (issue #10): no import cycle; platform never imports a feature; a feature imports
        // no other feature and none of the composition root (app, gateway, services, main).
        files: ['gateway/src/**/*.ts'],
        plugins: { 'import-x': importX },
        settings: {
            // Packages (the chaincode's dist included) are not followed: the rules are about gateway/src.
            'import-x/ignore': ['node_modules', '/dist/'],
            'import-x/extensions': ['.ts', '.js'],
            'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
            'import-x/resolver-next': [
                createNodeResolver({ extensions: ['.ts', '.js', '.json'], extensionAlias: { '.js': ['.ts', '.js'] } }),
            ],
        },
        rules: {
            'import-x/no-cycle': ['error', { ignoreExternal: true }],
            'import-x/no-restricted-paths': [
                'error',
                {
                    basePath: import.meta.dirname,
                    zones: [
                        {
                            target: 'gateway/src/platform',
                            from: 'gateway/src/features',
                            message: 'platform/ never imports a feature: move the shared piece to platform/.',
                        },
                        ...FEATURES.map((feature) => ({
                            target: `gateway/src/features/${feature}`,
                            from: 'gateway/src/features',
                            except: [`./${feature}`],
                            message: 'a feature never imports another feature: move the shared piece to platform/.',
                        })),
                        ...FEATURES.map((feature) => ({
                            target: `gateway/src/features/${feature}`,
                            from: ['app', 'gateway', 'services', 'main'].map((root) => `gateway/src/${root}.ts`),
                            message: "a feature reads shared services from its plugin's decorations, not the root.",
                        })),
                    ],
                },
            ],
        },
    },
    {
        files: ['**/test/**/*.ts', 'bench/**/*.ts'],
        rules: {
            // chai's property assertions (expect(x).to.be.true) are expressions by design.
            '@typescript-eslint/no-unused-expressions': 'off',
            '@typescript-eslint/no-non-null-assertion': 'off',
        },
    },
    {
        // The chaincode has no import cycle: models import only models and shared, behaviour imports models.
        files: ['chaincode/**/*.ts'],
        plugins: { 'import-x': importX },
        settings: {
            'import-x/extensions': ['.ts', '.js'],
            'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.json'] })],
        },
        rules: { 'import-x/no-cycle': 'error' },
    },
    {
        // A domain model holds vocabularies and record shapes: it imports only other models and domain/shared.
        files: ['chaincode/src/domain/**/model.ts'],
        rules: {
            'no-restricted-imports': [
                'error',
                {
                    patterns: [
                        {
                            // Anything but `../<domain>/model` and `../shared/<module>`.
                            regex: '^(?!\\.\\./(?:[a-z-]+/model|shared/[a-z-]+)$)',
                            message: 'A domain model imports only other models (../<domain>/model) and ../shared/*.',
                        },
                    ],
                },
            ],
        },
    },
    {
        // domain/shared is the bottom layer: it imports nothing from the domain folders above it.
        files: ['chaincode/src/domain/shared/**/*.ts'],
        rules: {
            'no-restricted-imports': [
                'error',
                { patterns: [{ regex: '^\\.\\./', message: 'domain/shared imports only domain/shared.' }] },
            ],
        },
    },
);
