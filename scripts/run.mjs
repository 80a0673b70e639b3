// Runs a command from node_modules/.bin (or PATH) and rejects when it fails.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const bin = join(process.cwd(), 'node_modules', '.bin');

export function run(command, args = [], options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: 'inherit',
      ...options,
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, ...options.env },
    });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code ?? signal}`)),
    );
  });
}
