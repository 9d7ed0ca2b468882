// @ts-check
import eslint from '@eslint/js';
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
);
