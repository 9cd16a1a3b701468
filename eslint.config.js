import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.data/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'no-console': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  // Scripts served to the browser as they are (public/).
  { files: ['public/**/*.js'], languageOptions: { globals: { ...globals.browser } } },
  // The layers (README, "Architecture"): each folder may only reach the ones below it.
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // Only other domain files, node: built-ins and the password word list.
              regex: '^(?!\\./|node:|@zxcvbn-ts/language-common$)',
              message: 'src/domain is pure logic with no I/O: import only from src/domain. Pass what it needs in as arguments instead.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/forms/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/services/**', '**/actions/**', '**/queries/**', 'typeorm', '**/db/**'],
              message: 'A form only reads and checks a request body: take what it needs (open roles, today) as an argument, and put shared types and limits in src/domain.',
            },
            {
              group: ['**/entities/**'],
              allowTypeImports: true,
              message: 'A form never builds or loads entities: use `import type`, or a type from src/domain.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/routes/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['typeorm', '**/db/**'],
              message: 'Routes never reach the database: call an action (src/actions) to change things or a query (src/queries) to read them.',
            },
            {
              group: ['**/entities/**'],
              allowTypeImports: true,
              message: 'Routes never load or save entities: call an action or a query. A type-only import (`import type`) is fine.',
            },
            {
              group: ['**/jobs/**'],
              message: 'Routes never run worker tasks: an action queues the job in its transaction (see src/mail/outbox.ts).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/actions/**/*.ts', 'src/queries/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/routes/**', '**/middleware/**', '**/forms/**'],
              message:
                'Actions and queries know nothing of HTTP or forms: take plain input (types in src/domain or beside the action) and throw a domain error (src/domain/errors.ts) for the route to turn into a response.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/services/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/routes/**', '**/forms/**'],
              message: 'Services sit below routes and forms: move the shared type or constant to src/domain and import it from there.',
            },
          ],
        },
      ],
    },
  },
)
