/**
 * `npm run device -- simulate <card-reader|id-scanner|printer> ...`: runs a device
 * simulator on a real port (the device end of a socat pty pair) for demos.
 * Each simulator lives in its own module, loaded only when asked for, so a
 * missing or broken one fails only its own subcommand.
 */
type CommandModule = { main(args: string[]): Promise<number> };

const simulators: Record<string, string> = {
  'card-reader': './simulate-card-reader',
  'id-scanner': './simulate-id-scanner',
  'printer': './simulate-printer',
};

export async function main(args: string[]): Promise<number> {
  const [device, ...rest] = args;
  const specifier = device === undefined ? undefined : simulators[device];
  if (!specifier) {
    process.stderr.write(`usage: device simulate <${Object.keys(simulators).join('|')}> ...\n`);
    return 2;
  }
  let module: CommandModule;
  try {
    // A variable specifier: the id-scanner simulator is another module's, and may not exist yet.
    module = (await import(specifier)) as CommandModule;
  } catch (error) {
    process.stderr.write(`simulate: the ${device} simulator is not available: ${(error as Error).message.split('\n')[0]}\n`);
    return 1;
  }
  return module.main(rest);
}
