/**
 * Finds a command name commander would not recognise. Commander prints the nearest known command's
 * help for `copilot <typo> --help` and exits 0, and reads `copilot exceptions <typo>` as a stray
 * argument; both must fail naming the unknown command. Walks the command tree the way commander
 * dispatches: options of each level parsed, the first operand looked up among the subcommands.
 */
import type { Command } from 'commander';

export interface UnknownCommand {
  name: string;
  /** The command path it was given to, e.g. `copilot exceptions`. */
  parent: string;
  known: string[];
}

const commandPath = (command: Command): string => {
  const names: string[] = [];
  for (let current: Command | null = command; current; current = current.parent) names.unshift(current.name());
  return names.join(' ');
};

const knownNames = (command: Command): string[] => command.commands.map((child) => child.name());

const findChild = (command: Command, name: string): Command | undefined =>
  command.commands.find((child) => child.name() === name || child.aliases().includes(name));

/**
 * `program` is a program built only for this check: parsing options stores their values on it.
 * `args` are the user's arguments (without node and the script).
 */
export function findUnknownCommand(program: Command, args: readonly string[]): UnknownCommand | undefined {
  let command = program;
  let rest = [...args];
  for (;;) {
    if (!command.commands.length) return undefined;
    const { operands, unknown } = command.parseOptions(rest);
    let [first, ...others] = operands;
    // `copilot help <command>`: the name after help is looked up at the same level.
    if (first === 'help' && !findChild(command, 'help')) [first, ...others] = others;
    if (first === undefined) return undefined;
    const child = findChild(command, first);
    if (!child) {
      // A command that also takes arguments of its own reads the word as its argument.
      if (command.registeredArguments.length > 0) return undefined;
      return { name: first, parent: commandPath(command), known: knownNames(command) };
    }
    command = child;
    rest = [...others, ...unknown];
  }
}

export function describeUnknownCommand(unknown: UnknownCommand): string {
  return `error: unknown command '${unknown.name}' for '${unknown.parent}' (known commands: ${unknown.known.join(', ')}; add --help for usage)`;
}
