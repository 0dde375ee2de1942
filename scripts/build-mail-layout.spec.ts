import { compileMailLayout, layoutModule, writtenLayoutModule } from './build-mail-layout';

describe('the compiled mail layout', () => {
  it('is the one mail-layout.mjml compiles to (after editing the .mjml, run npm run build:mail)', async () => {
    expect(writtenLayoutModule()).toBe(layoutModule(await compileMailLayout()));
  });
});
