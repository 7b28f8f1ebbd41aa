import path from 'node:path';
import { ESLint } from 'eslint';

const ROOT = path.join(__dirname, '..', '..');

/** Lints a snippet as if it lived at `file`, returning the boundary rule's messages. */
async function boundaryProblems(file: string, code: string): Promise<string[]> {
  // The config is passed as an object: loading it by file name uses a dynamic import Jest cannot run.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const eslint = new ESLint({ cwd: ROOT, overrideConfigFile: true, overrideConfig: require('../eslint.config.js') });
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return result.messages.filter((message) => message.ruleId === 'boundaries/imports').map((message) => message.message);
}

describe('the import-boundary lint rule', () => {
  jest.setTimeout(30000);

  it.each([
    [
      'a platform lib importing a capability lib',
      'libs/core/src/fixture.ts',
      "import { AuditTrail } from '@app/audit';\nexport const x = AuditTrail;\n",
      /platform lib core must not import capability lib audit/,
    ],
    [
      'the test harness importing identity',
      'libs/testing/src/fixture.ts',
      "import { Role } from '@app/identity';\nexport const x = Role;\n",
      /platform lib testing/,
    ],
    [
      'a lib importing an app',
      'libs/identity/src/fixture.ts',
      "import { ApiModule } from '../../../apps/api/src/api.module';\nexport const x = ApiModule;\n",
      /libs never import apps/,
    ],
    [
      'a lib reaching into another by a relative path',
      'libs/identity/src/fixture.ts',
      "import { AuditTrail } from '../../audit/src/audit-trail';\nexport const x = AuditTrail;\n",
      /through an @app\/\* alias/,
    ],
    [
      'a lower capability importing a higher one',
      'libs/audit/src/fixture.ts',
      "import { Role } from '@app/identity';\nexport const x = Role;\n",
      /audit must not import identity/,
    ],
    ['a deep alias', 'apps/api/src/fixture.ts', "import { x } from '@app/core/errors/error-code';\nexport const y = x;\n", /through its index/],
  ])('fails on %s', async (_what, file, code, expected) => {
    const problems = await boundaryProblems(file, code);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(expected);
  });

  it.each([
    [
      'a capability lib importing a platform lib and a lower capability',
      'libs/identity/src/fixture.ts',
      "import { AppConfig } from '@app/core';\nimport { AuditTrail } from '@app/audit';\nexport const x = [AppConfig, AuditTrail];\n",
    ],
    [
      'an app importing libs',
      'apps/api/src/fixture.ts',
      "import { IdentityModule } from '@app/identity';\nimport { AppConfig } from '@app/core';\nexport const x = [IdentityModule, AppConfig];\n",
    ],
    ['a relative import inside one lib', 'libs/identity/src/dto/fixture.ts', "import { Role } from '../permissions';\nexport const x = Role;\n"],
    [
      'an end-to-end test importing an app',
      'test/fixture.e2e-spec.ts',
      "import { ApiModule } from '../apps/api/src/api.module';\nexport const x = ApiModule;\n",
    ],
  ])('passes %s', async (_what, file, code) => {
    expect(await boundaryProblems(file, code)).toEqual([]);
  });
});
