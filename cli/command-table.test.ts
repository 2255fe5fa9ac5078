import { describe, expect, it } from 'vitest';
import { COMMANDS, commandNamed } from './command-table.ts';
import { buildFullProgram, buildProgram } from './main.ts';

describe('command table', () => {
  it('summarises every command exactly as its module describes it', async () => {
    const program = await buildFullProgram();
    const described = Object.fromEntries(program.commands.map((command) => [command.name(), command.description()]));
    expect(Object.fromEntries(COMMANDS.map((entry) => [entry.name, entry.summary]))).toEqual(described);
  });

  it('finds the command a command line runs, also after `help`', () => {
    expect(commandNamed(['node', 'copilot', 'search', 'refund'])?.name).toBe('search');
    expect(commandNamed(['node', 'copilot', 'help', 'events'])?.name).toBe('events');
    expect(commandNamed(['node', 'copilot', '--help'])).toBeUndefined();
    expect(commandNamed(['node', 'copilot', 'nonsense'])).toBeUndefined();
  });

  it('loads only the command that runs; the others are listed by summary', async () => {
    const program = await buildProgram(['node', 'copilot', 'search', 'x']);
    const search = program.commands.find((command) => command.name() === 'search');
    const serve = program.commands.find((command) => command.name() === 'serve');
    expect(search?.options.map((option) => option.long)).toContain('--mode');
    expect(serve?.options).toEqual([]);
    expect(program.commands).toHaveLength(COMMANDS.length);
  });
});
