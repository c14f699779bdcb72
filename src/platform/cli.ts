// What a command of the `gongkai` command line needs from the platform: usage errors (exit status 2),
// option parsing, and the console output. Feature commands are declared in their manifests (`cli`) and
// dispatched by src/cli.ts.

/** A mistake in how the command was called: printed as is, exit status 2. */
export class UsageError extends Error {}

/** Removes `--name value` from `args` and returns the value (undefined when absent). */
export function opt(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  if (i === -1) return undefined;
  const v = args[i + 1];
  if (v === undefined || v.startsWith('--')) throw new UsageError(`--${name} 需要一个值`);
  args.splice(i, 2);
  return v;
}
