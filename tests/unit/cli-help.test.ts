import { renderCommandHelp, renderMainHelp, wrap } from '../../cli/help.js';
import { renderCliReference } from '../../cli/reference.js';
import { COMMANDS } from '../../cli/registry.js';
import { GLOBAL_OPTIONS } from '../../cli/spec.js';

describe('CLI help', () => {
  it.each(COMMANDS.map((c) => [c.name.join(' '), c]))(
    '%s --help lists every option, global ones included',
    (_, command) => {
      // Prepare
      const names = [...command.options, ...GLOBAL_OPTIONS].map(
        (o) => `--${o.name}`,
      );
      // Act
      const help = renderCommandHelp(command);
      // Assert
      expect(help).toContain(
        `Usage: instalite-bridge ${command.name.join(' ')}`,
      );
      for (const name of names) expect(help).toContain(name);
    },
  );

  it('lists every command and the exit codes at the top level', () => {
    // Prepare
    // Act
    const help = renderMainHelp(COMMANDS);
    // Assert
    for (const c of COMMANDS) expect(help).toContain(c.name.join(' '));
    expect(help).toMatch(/^ {2}3 {2}done, but attention is needed/m);
  });

  it('keeps help lines within 80 columns except option tables', () => {
    // Prepare
    // Act
    const lines = wrap('word '.repeat(60), 76, '  ');
    // Assert
    expect(lines.every((l) => l.length <= 76)).toBe(true);
    expect(lines.join(' ').split(/\s+/).filter(Boolean)).toHaveLength(60);
  });

  it('renders the README reference from the same definitions', () => {
    // Prepare
    // Act
    const markdown = renderCliReference();
    // Assert
    for (const c of COMMANDS) {
      expect(markdown).toContain(`#### \`${c.name.join(' ')}\``);
      for (const o of c.options) expect(markdown).toContain(`--${o.name}`);
    }
    expect(markdown).toContain('| 2 | usage error');
  });
});
