import { importOnFirstUse, MissingModuleError } from '../../lib/errors.js';

describe('importOnFirstUse', () => {
  it('returns the module', async () => {
    const path = await importOnFirstUse('node:path', () => import('node:path'));
    expect(typeof path.join).toBe('function');
  });

  // Node's own failures (jest resolves modules itself, so they are built
  // here): a bundle's stand-in require() of lazy/<chunk>.js, and import().
  const notFound = (code: string, message: string) => () =>
    Promise.reject(Object.assign(new Error(message), { code }));

  it.each([
    [
      'MODULE_NOT_FOUND',
      "Cannot find module './lazy/not-deployed.js'\nRequire stack:\n- /var/task/index.js",
    ],
    [
      'ERR_MODULE_NOT_FOUND',
      "Cannot find package 'not-deployed' imported from /var/task/index.mjs",
    ],
  ])(
    'turns %s into a non-retriable error naming what is missing',
    async (code, message) => {
      const failure = importOnFirstUse('the signer', notFound(code, message));
      await expect(failure).rejects.toThrow(MissingModuleError);
      await expect(failure).rejects.toMatchObject({
        retriable: false,
        message: expect.stringMatching(
          /^the signer is missing from this deployment \(Cannot find \w+ '[^']*not-deployed[^']*'( imported from \S+)?\); package and deploy again/,
        ),
      });
    },
  );

  it('passes other failures on as they are', async () => {
    const boom = new Error('boom');
    await expect(
      importOnFirstUse('x', () => Promise.reject(boom)),
    ).rejects.toBe(boom);
  });
});
