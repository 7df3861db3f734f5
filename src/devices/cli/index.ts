/**
 * Technician CLI: `npm run --silent device -- <command> ...`.
 * Each command module prints JSON on stdout, one-line errors on stderr and
 * returns its exit code.
 */
type CommandModule = { main(args: string[]): Promise<number> };

const commands: Record<string, () => Promise<CommandModule>> = {
  'list': () => import('./list-command'),
  'card-reader': () => import('./card-reader-command'),
  'id-scanner': () => import('./id-scanner-command'),
  'printer': () => import('./printer-command'),
  'simulate': () => import('./simulate-command'),
};

const [name, ...rest] = process.argv.slice(2);
const load = name ? commands[name] : undefined;
if (!load) {
  process.stderr.write(`usage: npm run --silent device -- <${Object.keys(commands).join('|')}> ...\n`);
  process.exit(2);
}
try {
  process.exitCode = await (await load()).main(rest);
} catch (error) {
  process.stderr.write(`device: ${(error as Error).message}\n`);
  process.exitCode = 1;
}

export {};
