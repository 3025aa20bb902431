import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.ts';

describe('createLogger', () => {
  it('never writes a secret, whatever path it took into the line', () => {
    let out = '';
    const destination = new Writable({
      write(chunk, _enc, done) {
        out += String(chunk);
        done();
      },
    });
    const log = createLogger({ level: 'info', secrets: ['xoxb-very-secret', 'discord-token-123'], destination });
    log.info({ config: { botToken: 'xoxb-very-secret' } }, 'starting');
    log.error({ err: new Error('login failed with discord-token-123') }, 'failed with xoxb-very-secret');
    expect(out).toContain('starting');
    expect(out).toContain('[secret]');
    expect(out).not.toContain('xoxb-very-secret');
    expect(out).not.toContain('discord-token-123');
  });
});
