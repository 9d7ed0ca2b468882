// @ts-check
import eslint from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

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
